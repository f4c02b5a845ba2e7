package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.Menu;
import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.store.MenuStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * The public menu, read from the database and kept in memory: every page needs it and it
 * changes only when the owner edits it. Every edit goes through here and replaces the snapshot
 * at once, so pages never read the database. The snapshot is also re-read every 30 seconds in
 * the background, so an edit made by another instance (the second storefront during a deploy)
 * shows within that time.
 */
@ApplicationScoped
public class MenuService {

    private final MenuStore store;
    private volatile Menu snapshot;

    MenuService(MenuStore store) {
        this.store = store;
    }

    /** The current menu; never touches the database once the service has started. */
    public Menu menu() {
        Menu current = snapshot;
        return current != null ? current : reload();
    }

    /** Saves an edited product; the public pages show it from the next request on. */
    public boolean update(Product product) {
        return change(store -> store.updateProduct(product));
    }

    /**
     * Makes an admin change to the menu, then refreshes the snapshot so the public pages show it
     * from the next request on.
     */
    public <T> T change(Function<MenuStore, T> edit) {
        try {
            return edit.apply(store);
        } finally {
            reload();
        }
    }

    /** Reads through the store without touching the snapshot (the admin's lookups). */
    public <T> T query(Function<MenuStore, T> read) {
        return read.apply(store);
    }

    /** Every category and product, hidden ones included (the admin's view; read fresh). */
    public Menu everything() {
        return store.loadAll();
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        reload();
    }

    /**
     * Re-reads the menu. The version (which keys cached pages) changes only when the content
     * does, so a refresh that finds nothing new costs no page rendering.
     */
    public synchronized Menu reload() {
        Menu current = snapshot;
        long version = current == null ? 1 : current.version();
        Menu fresh = store.loadVisible(version);
        if (current == null || !fresh.categories().equals(current.categories())) {
            fresh = new Menu(current == null ? 1 : version + 1, fresh.categories());
            snapshot = fresh;
            return fresh;
        }
        return current;
    }
}
