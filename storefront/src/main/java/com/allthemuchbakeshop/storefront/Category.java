package com.allthemuchbakeshop.storefront;

import java.util.List;

/**
 * A menu section ("Breads", "Pastries") with its products in menu order. On the public menu
 * only shown categories and products appear; the admin sees hidden ones too.
 */
public record Category(long id, String name, String slug, boolean hidden, List<Product> products) {
}
