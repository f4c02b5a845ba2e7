package com.allthemuchbakeshop.storefront.rest;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Rendered HTML of pages that are the same for every visitor (no form, no personal data), kept
 * as UTF-8 bytes per menu version: a menu edit makes a new version, so the next request renders
 * afresh.
 */
@ApplicationScoped
public class PageCache {

    private record Entry(long version, byte[] html) {
    }

    private final ConcurrentHashMap<String, Entry> pages = new ConcurrentHashMap<>();

    public byte[] get(String page, long version, Supplier<String> render) {
        Entry entry = pages.get(page);
        if (entry == null || entry.version() != version) {
            entry = new Entry(version, render.get().getBytes(StandardCharsets.UTF_8));
            pages.put(page, entry);
        }
        return entry.html();
    }
}
