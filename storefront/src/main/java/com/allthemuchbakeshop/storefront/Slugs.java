package com.allthemuchbakeshop.storefront;

import java.text.Normalizer;
import java.util.Locale;

/** URL-friendly names: "Ham and Gruyère Scone" becomes "ham-and-gruyere-scone". */
public final class Slugs {

    private Slugs() {
    }

    public static String slug(String name) {
        String ascii = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.isEmpty() ? "item" : slug.length() > 60 ? slug.substring(0, 60).replaceAll("-$", "") : slug;
    }
}
