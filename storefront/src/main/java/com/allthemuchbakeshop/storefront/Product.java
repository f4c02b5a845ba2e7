package com.allthemuchbakeshop.storefront;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One thing the bakery sells. {@code photo} is the base name of its resized variants on the
 * photos volume ({@code <photo>-400.jpg}, {@code <photo>-800.jpg}), or null when it has none.
 * {@code hidden} products are kept but not shown on the public menu.
 */
public record Product(
        long id,
        long categoryId,
        String name,
        String slug,
        String description,
        long priceCents,
        String unit,
        List<String> dietary,
        List<String> allergens,
        String photo,
        int photoWidth,
        int photoHeight,
        boolean featured,
        boolean soldOut,
        boolean hidden) {

    /** Price as customers read it: "$4.25". */
    public String price() {
        return String.format(Locale.US, "$%d.%02d", priceCents / 100, priceCents % 100);
    }

    public boolean hasPhoto() {
        return photo != null && !photo.isBlank();
    }

    /** The same product with another photo (null: none). */
    public Product withPhoto(String newPhoto, int width, int height) {
        return new Product(id, categoryId, name, slug, description, priceCents, unit, dietary, allergens, newPhoto,
                width, height, featured, soldOut, hidden);
    }

    /** Price as typed in the admin form: "4.25". */
    public String priceInput() {
        return String.format(Locale.US, "%d.%02d", priceCents / 100, priceCents % 100);
    }

    public String photoUrl(int width) {
        return "/photos/" + photo + "-" + width + ".jpg";
    }

    /** Height of the photo when shown {@code width} pixels wide, keeping its aspect ratio. */
    public int photoHeightAt(int width) {
        return photoWidth <= 0 ? width * 3 / 4 : Math.round((float) photoHeight * width / photoWidth);
    }

    /** Tags are stored comma-separated: "vegan, gluten-free". */
    public static List<String> tags(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }
}
