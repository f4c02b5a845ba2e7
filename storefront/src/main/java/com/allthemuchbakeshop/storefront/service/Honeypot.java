package com.allthemuchbakeshop.storefront.service;

import java.util.Map;

/**
 * A cheap bot filter on the public forms: a field people never see (moved off-screen, hidden
 * from screen readers, skipped by the tab key, autofill off) that form-filling scripts fill in.
 * A form with it filled is refused with a message a person can act on, and nothing is stored or sent.
 */
public final class Honeypot {

    /** The field's name: one that form-filling scripts like to fill. */
    public static final String FIELD = "website";
    public static final String MESSAGE = "Please leave the field marked \"Leave this empty\" empty, or call us to place your order.";

    private Honeypot() {
    }

    public static boolean filled(Map<String, String> form) {
        String value = form.get(FIELD);
        return value != null && !value.isBlank();
    }
}
