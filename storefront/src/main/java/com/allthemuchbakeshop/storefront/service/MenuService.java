package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.Menu;
import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.store.MenuStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The public menu, read from the database once and kept in memory: every page needs it and it
 * changes only when the owner edits it. Every edit goes through here and replaces the snapshot
 * at once; the snapshot is also re-read now and then, so an edit made by another instance
 * (the second storefront during a deploy) shows within {@link #MAX_AGE}.
 */
@ApplicationScoped
public class MenuService {

    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final MenuStore store;
    private final AtomicLong versions = new AtomicLong();
    private volatile Menu snapshot;
    private volatile long snapshotTakenAt;

    MenuService(MenuStore store) {
        this.store = store;
    }

    public Menu menu() {
        Menu current = snapshot;
        if (current == null || System.nanoTime() - snapshotTakenAt > MAX_AGE.toNanos()) {
            current = reload();
        }
        return current;
    }

    /** Saves an edited product; the public pages show it from the next request on. */
    public boolean update(Product product) {
        try {
            return store.updateProduct(product);
        } finally {
            reload();
        }
    }

    /** Re-reads the menu after a change made through {@link MenuStore} directly. */
    public synchronized Menu reload() {
        Menu fresh = store.loadVisible(versions.incrementAndGet());
        snapshot = fresh;
        snapshotTakenAt = System.nanoTime();
        return fresh;
    }
}
