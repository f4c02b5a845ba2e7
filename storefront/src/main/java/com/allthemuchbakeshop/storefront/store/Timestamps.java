package com.allthemuchbakeshop.storefront.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Times are stored as fixed-width UTC text, so comparing the text compares the times. */
final class Timestamps {

    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    static String text(Instant instant) {
        return FIXED.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
