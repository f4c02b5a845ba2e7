package com.allthemuchbakeshop.storefront;

import java.util.List;

/** A menu section ("Breads", "Pastries") with its visible products in menu order. */
public record Category(long id, String name, String slug, List<Product> products) {
}
