package com.allthemuchbakeshop.storefront;

import java.util.List;
import java.util.Optional;

/** An immutable snapshot of the public menu, as customers see it right now. */
public record Menu(long version, List<Category> categories) {

    public List<Product> products() {
        return categories.stream().flatMap(c -> c.products().stream()).toList();
    }

    public List<Product> featured() {
        return products().stream().filter(Product::featured).toList();
    }

    /** The first two photos of the menu: on a phone they show before any scrolling, so load them first. */
    public boolean isAboveTheFold(Product p) {
        return !categories.isEmpty() && categories.get(0).products().stream().limit(2).anyMatch(first -> first.id() == p.id());
    }

    public Optional<Product> product(long id) {
        return products().stream().filter(p -> p.id() == id).findFirst();
    }
}
