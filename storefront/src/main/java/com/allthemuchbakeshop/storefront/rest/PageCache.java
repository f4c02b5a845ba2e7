package com.allthemuchbakeshop.storefront.rest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Rendered HTML of pages that are the same for every visitor (no form, no personal data), kept
 * per menu version: a menu edit makes a new version, so the next request renders afresh.
 */
@ApplicationScoped
public class PageCache {

    private record Entry(long version, String html) {
    }

    private final ConcurrentHashMap<String, Entry> pages = new ConcurrentHashMap<>();

    public String get(String page, long version, Supplier<String> render) {
        Entry entry = pages.get(page);
        if (entry == null || entry.version() != version) {
            entry = new Entry(version, render.get());
            pages.put(page, entry);
        }
        return entry.html();
    }
}
