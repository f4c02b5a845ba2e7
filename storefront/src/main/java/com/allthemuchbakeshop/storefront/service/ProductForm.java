package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.Product;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The owner's product form: what she typed, a message per field at fault, and the product when
 * all is well. Prices are typed as "4.25" or "$4.25".
 */
public record ProductForm(Map<String, String> values, Map<String, String> errors, Optional<Product> product) {

    private static final Pattern PRICE = Pattern.compile("\\$?\\s*\\d{1,5}(\\.\\d{1,2})?");

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    public boolean checked(String field) {
        return "on".equals(values.get(field)) || "true".equals(values.get(field));
    }

    public boolean isCategory(long id) {
        return String.valueOf(id).equals(values.get("category"));
    }

    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    public static ProductForm of(Product p) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("id", String.valueOf(p.id()));
        v.put("category", String.valueOf(p.categoryId()));
        v.put("name", p.name());
        v.put("price", p.priceInput());
        v.put("unit", p.unit());
        v.put("description", p.description());
        v.put("dietary", String.join(", ", p.dietary()));
        v.put("allergens", String.join(", ", p.allergens()));
        v.put("featured", String.valueOf(p.featured()));
        v.put("soldOut", String.valueOf(p.soldOut()));
        v.put("hidden", String.valueOf(p.hidden()));
        return new ProductForm(v, Map.of(), Optional.of(p));
    }

    /**
     * Checks the form. {@code existing} is the product being edited (its photo is kept), or
     * empty for a new one; {@code categoryIds} are the categories it may go in.
     */
    public static ProductForm validate(Map<String, String> raw, Optional<Product> existing, List<Long> categoryIds) {
        Map<String, String> v = new LinkedHashMap<>();
        raw.forEach((k, val) -> v.put(k, val == null ? "" : val.strip()));
        Map<String, String> errors = new LinkedHashMap<>();
        String name = oneLine(v, errors, "name", 80, true);
        String unit = oneLine(v, errors, "unit", 30, false);
        String description = text(v, errors, "description", 500, false);
        String dietary = text(v, errors, "dietary", 200, false);
        String allergens = text(v, errors, "allergens", 200, false);
        long priceCents = 0;
        String price = v.getOrDefault("price", "");
        if (!PRICE.matcher(price).matches()) {
            errors.put("price", "Please enter a price like 4.25.");
        } else {
            priceCents = new BigDecimal(price.replace("$", "").strip()).movePointRight(2).longValueExact();
        }
        long categoryId = -1;
        try {
            categoryId = Long.parseLong(v.getOrDefault("category", ""));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (!categoryIds.contains(categoryId)) {
            errors.put("category", "Please choose a category.");
        }
        if (!errors.isEmpty()) {
            return new ProductForm(v, errors, Optional.empty());
        }
        Product p = new Product(existing.map(Product::id).orElse(0L), categoryId, name, existing.map(Product::slug).orElse(""),
                description, priceCents, unit, Product.tags(dietary), Product.tags(allergens),
                existing.map(Product::photo).orElse(null), existing.map(Product::photoWidth).orElse(0),
                existing.map(Product::photoHeight).orElse(0), isOn(v, "featured"), isOn(v, "soldOut"), isOn(v, "hidden"));
        return new ProductForm(v, errors, Optional.of(p));
    }

    private static boolean isOn(Map<String, String> v, String field) {
        String value = v.getOrDefault(field, "");
        return value.equals("on") || value.equals("true");
    }

    private static String oneLine(Map<String, String> v, Map<String, String> errors, String field, int max, boolean required) {
        String value = text(v, errors, field, max, required);
        if (!errors.containsKey(field) && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
            errors.put(field, "Please keep this on one line.");
        }
        return value;
    }

    private static String text(Map<String, String> v, Map<String, String> errors, String field, int max, boolean required) {
        String value = v.getOrDefault(field, "");
        if (required && value.isEmpty()) {
            errors.put(field, "Please fill this in.");
        } else if (value.codePointCount(0, value.length()) > max) {
            errors.put(field, "Please keep this to " + max + " characters or fewer.");
        } else if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r') || value.indexOf('\uFFFD') >= 0) {
            errors.put(field, "Please remove special characters.");
        }
        return value;
    }
}
