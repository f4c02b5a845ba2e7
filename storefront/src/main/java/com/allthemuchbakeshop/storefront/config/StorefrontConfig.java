package com.allthemuchbakeshop.storefront.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How the storefront runs: where its data lives, what it trusts, how much it accepts. */
@ConfigMapping(prefix = "storefront")
public interface StorefrontConfig {

    /** Directory of the SQLite database (STOREFRONT_DATA_DIR). */
    Path dataDir();

    /** Directory of product photos, shared with the edge proxy (STOREFRONT_PHOTOS_DIR). */
    Path photosDir();

    /**
     * Load the sample menu into an empty database. Only the embedded local default sets this;
     * production leaves it false so a real menu never gets sample products.
     */
    @WithDefault("false")
    boolean sampleMenu();

    /** Mark cookies Secure (HTTPS only); only a plain-http local run turns this off. */
    @WithDefault("true")
    boolean secureCookies();

    Orders orders();

    Admin admin();

    Notifier notifier();

    /** The public address of the site, for links in emails (SITE_URL). */
    @WithDefault("http://localhost:8080")
    String siteUrl();

    interface Notifier {
        /** Where the notifier listens on the internal network (NOTIFIER_URL). */
        @WithDefault("http://localhost:8081")
        String url();

        /** The shared internal API token (INTERNAL_API_TOKEN). */
        String token();
    }

    RateLimit rateLimit();

    /**
     * Address ranges (CIDR) of the proxies in front of the storefront (the edge proxy). Only a
     * request whose peer is in one of them may name the client with CF-Connecting-IP.
     */
    Optional<List<String>> trustedProxies();

    interface Orders {
        /** Minimum notice for an order, counted in the bakery's time zone. */
        @WithDefault("48H")
        Duration leadTime();

        /** How far ahead an order may be placed. */
        @WithDefault("120")
        int maxDaysAhead();

        /** Largest quantity of one product in one order request. */
        @WithDefault("200")
        int maxQuantity();
    }

    interface Admin {
        /**
         * Admin accounts as {@code name:bcrypt-hash} pairs, comma-separated
         * (STOREFRONT_ADMIN_USERS). None configured: nobody can sign in.
         */
        Optional<List<String>> users();

        /** A session unused for this long ends. */
        @WithDefault("30M")
        Duration idleTimeout();

        /** A session ends after this long, used or not. */
        @WithDefault("12H")
        Duration maxSessionAge();

        /** Wrong passwords (per account, and per client) before a lockout. */
        @WithDefault("5")
        int lockoutAfter();

        @WithDefault("15M")
        Duration lockoutFor();

        /** Largest photo upload accepted, in bytes. */
        @WithDefault("20M")
        MemorySize maxPhotoSize();

        /** Largest photo accepted, in pixels (width x height), checked before decoding. */
        @WithDefault("60000000")
        long maxPhotoPixels();
    }

    interface RateLimit {
        /** Form posts (orders, sign-ups) allowed per client within the window. */
        @WithDefault("10")
        int formPosts();

        @WithDefault("10M")
        Duration window();
    }
}
