package com.allthemuchbakeshop.storefront.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The bakery's business details: the one place to change name, address, hours and colours
 * without touching code (environment variables BAKERY_NAME, BAKERY_HOURS, ...).
 */
@ConfigMapping(prefix = "bakery")
public interface BakeryConfig {

    @WithDefault("All the Much Bake Shop")
    String name();

    @WithDefault("Small-batch breads, pastries and celebration cakes, baked fresh every morning.")
    String tagline();

    Address address();

    /** Phone number as customers should dial it, e.g. "(555) 010-4477". */
    String phone();

    /** Public contact email shown on the site. */
    String email();

    /** Opening hours, one line per entry, e.g. "Tuesday to Friday: 7 am to 3 pm". */
    List<String> hours();

    /** The bakery's time zone: order dates and lead times are computed in it. */
    @WithDefault("America/Chicago")
    ZoneId timeZone();

    Brand brand();

    interface Address {
        String street();

        String city();

        String region();

        String postalCode();

        /** Link to a map of the shop (optional). */
        Optional<String> mapUrl();
    }

    interface Brand {
        /** Main colour: headings, buttons. Must keep 4.5:1 contrast on the cream background. */
        @WithDefault("#7a3b2e")
        String primary();

        /** Highlight colour: badges and accents. */
        @WithDefault("#f2c14e")
        String accent();

        /** Page background. */
        @WithDefault("#fff8ef")
        String background();
    }
}
