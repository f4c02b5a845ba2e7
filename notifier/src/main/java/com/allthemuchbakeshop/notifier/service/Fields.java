package com.allthemuchbakeshop.notifier.service;

import com.allthemuchbakeshop.notifier.InvalidRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and checks the fields of a notification's data. One-line fields refuse CR, LF and other
 * control characters, so nothing a customer typed can ever become a mail header or a recipient.
 */
final class Fields {

    static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl},;<>\"]+@[^@\\s\\p{Cntrl},;<>\"]+\\.[^@\\s\\p{Cntrl},;<>\".]+");

    private final Map<String, Object> data;

    Fields(Map<String, Object> data) {
        if (data == null) {
            throw new InvalidRequest("data", "data is required");
        }
        this.data = data;
    }

    String line(String name, int max, boolean required) {
        String value = text(name, max, required);
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequest("data." + name, "data." + name + " must be one line without control characters");
        }
        return value;
    }

    String text(String name, int max, boolean required) {
        Object raw = data.get(name);
        if (raw != null && !(raw instanceof String)) {
            throw new InvalidRequest("data." + name, "data." + name + " must be a string");
        }
        String value = raw == null ? "" : ((String) raw).strip();
        if (required && value.isEmpty()) {
            throw new InvalidRequest("data." + name, "data." + name + " is required");
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw new InvalidRequest("data." + name, "data." + name + " is longer than " + max + " characters");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new InvalidRequest("data." + name, "data." + name + " contains control characters");
        }
        return value;
    }

    String email(String name) {
        String value = line(name, 254, true);
        if (!EMAIL.matcher(value).matches()) {
            throw new InvalidRequest("data." + name, "data." + name + " is not an email address");
        }
        return value;
    }

    LocalDate date(String name) {
        String value = line(name, 10, true);
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequest("data." + name, "data." + name + " must be a date like 2026-12-24");
        }
    }

    /** Order items: a list of {"quantity": n, "name": "..."}. */
    List<Item> items(String name) {
        Object raw = data.get(name);
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list) || list.size() > 500) {
            throw new InvalidRequest("data." + name, "data." + name + " must be a list of at most 500 items");
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "data." + name + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get("quantity") instanceof Number q) || !(m.get("name") instanceof String n)) {
                throw new InvalidRequest(at, at + " must have a number 'quantity' and a string 'name'");
            }
            if (q.intValue() < 1 || q.intValue() > 10_000 || n.isBlank() || n.length() > 100 || n.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidRequest(at, at + " has a quantity out of range or a bad name");
            }
            items.add(new Item(q.intValue(), n.strip()));
        }
        return items;
    }

    /** A product and how many, as the templates show it. */
    public record Item(int quantity, String name) {
    }
}
