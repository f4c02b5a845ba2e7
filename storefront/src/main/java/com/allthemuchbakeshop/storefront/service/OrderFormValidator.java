package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.EmailAddresses;
import com.allthemuchbakeshop.storefront.Menu;
import com.allthemuchbakeshop.storefront.OrderRequest;
import com.allthemuchbakeshop.storefront.OrderRequest.Fulfilment;
import com.allthemuchbakeshop.storefront.OrderRequest.Item;
import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a custom-order form field by field and says, in the customer's words, what to fix.
 * Pure logic: the caller supplies the menu and the current time in the bakery's time zone.
 */
public class OrderFormValidator {

    public static final int NAME_MAX = 100;
    public static final int PHONE_MAX = 30;
    public static final int ADDRESS_MAX = 300;
    public static final int TEXT_MAX = 2000;
    public static final String QUANTITY_PREFIX = "qty-";
    /** Most different products in one request: far more than any real order, few enough to mail. */
    public static final int MAX_LINES = 40;
    /** Most pieces in one request, all products together. */
    public static final int MAX_TOTAL_QUANTITY = 1000;

    private static final Pattern PHONE = Pattern.compile("[0-9 +().-]+");
    /** A product id as the form writes it: ASCII digits, no sign, no leading zero. */
    private static final Pattern CANONICAL_ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]{1,9}");
    private static final Pattern SUBMISSION = Pattern.compile("[A-Za-z0-9-]{8,64}");
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.US);

    private final StorefrontConfig.Orders limits;

    public OrderFormValidator(StorefrontConfig.Orders limits) {
        this.limits = limits;
    }

    public OrderForm validate(Map<String, String> form, Menu menu, ZonedDateTime now) {
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((k, v) -> values.put(k, v == null ? "" : v.strip()));
        Map<String, String> errors = new LinkedHashMap<>();

        String name = singleLine(values, errors, "name", "your name", NAME_MAX);
        String email = singleLine(values, errors, "email", "your email address", EmailAddresses.MAX);
        if (!errors.containsKey("email") && !EmailAddresses.valid(email)) {
            errors.put("email", "Please enter an email address like name@example.com.");
        }
        String phone = singleLine(values, errors, "phone", "a phone number", PHONE_MAX);
        if (!errors.containsKey("phone")) {
            long digits = phone.chars().filter(Character::isDigit).count();
            if (!PHONE.matcher(phone).matches() || digits < 7 || digits > 15) {
                errors.put("phone", "Please enter a phone number we can call, like (555) 010-4477.");
            }
        }

        Fulfilment fulfilment = null;
        String how = values.getOrDefault("fulfilment", "");
        switch (how) {
            case "pickup" -> fulfilment = Fulfilment.PICKUP;
            case "delivery" -> fulfilment = Fulfilment.DELIVERY;
            default -> errors.put("fulfilment", "Please choose pickup or delivery.");
        }
        String address = text(values, errors, "address", "the delivery address", ADDRESS_MAX);
        if (fulfilment == Fulfilment.DELIVERY && address.isEmpty() && !errors.containsKey("address")) {
            errors.put("address", "Please tell us where to deliver.");
        }

        LocalDate wantedOn = date(values, errors, now);
        List<Item> items = items(values, errors, menu);
        String requestText = text(values, errors, "request", "your request", TEXT_MAX);
        String notes = text(values, errors, "notes", "your notes", TEXT_MAX);
        if (items.isEmpty() && requestText.isEmpty() && !errors.containsKey("items") && !errors.containsKey("request")) {
            errors.put("items", "Tell us what you would like: pick a quantity above or describe it below.");
        }
        if (!SUBMISSION.matcher(values.getOrDefault("submission", "")).matches()) {
            errors.put("form", "This form is incomplete. Please reload the page and try again.");
        } else if (Honeypot.filled(values)) {
            errors.put("form", Honeypot.MESSAGE);
        }

        if (!errors.isEmpty()) {
            return new OrderForm(values, errors, Optional.empty());
        }
        OrderRequest request = new OrderRequest(name, email, phone, fulfilment,
                fulfilment == Fulfilment.DELIVERY ? address : "", wantedOn, items, requestText, notes);
        return new OrderForm(values, errors, Optional.of(request));
    }

    /** The first date an order placed now can be for: the day that falls one lead time ahead. */
    public LocalDate earliestDate(ZonedDateTime now) {
        return now.plus(limits.leadTime()).toLocalDate();
    }

    /** The lead time as a customer reads it: "2 days'", "36 hours'". */
    public String noticeWords() {
        long hours = limits.leadTime().toHours();
        return hours % 24 == 0 ? (hours / 24) + (hours == 24 ? " day's" : " days'") : hours + " hours'";
    }

    public LocalDate latestDate(ZonedDateTime now) {
        return now.toLocalDate().plusDays(limits.maxDaysAhead());
    }

    private LocalDate date(Map<String, String> values, Map<String, String> errors, ZonedDateTime now) {
        String raw = values.getOrDefault("date", "");
        if (raw.isEmpty()) {
            errors.put("date", "Please choose the date you need your order.");
            return null;
        }
        LocalDate date;
        try {
            date = raw.length() == 10 ? LocalDate.parse(raw) : null;
        } catch (DateTimeParseException e) {
            date = null;
        }
        if (date == null) {
            errors.put("date", "Please enter the date as year-month-day, like 2026-12-24.");
            return null;
        }
        LocalDate earliest = earliestDate(now);
        if (date.isBefore(earliest)) {
            errors.put("date", "We need at least " + noticeWords() + " notice: the earliest date we can do is "
                    + LONG_DATE.format(earliest) + ".");
            return null;
        }
        if (date.isAfter(latestDate(now))) {
            errors.put("date", "We take orders up to " + limits.maxDaysAhead()
                    + " days ahead. Please choose a date on or before " + LONG_DATE.format(latestDate(now)) + ".");
            return null;
        }
        return date;
    }

    /**
     * The quantity fields, one per product: {@code qty-<id>} with the id exactly as the form
     * writes it, so {@code qty-01}, {@code qty-+1} or {@code qty-١} never alias product 1.
     */
    private List<Item> items(Map<String, String> values, Map<String, String> errors, Menu menu) {
        List<Item> items = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, String> field : values.entrySet()) {
            if (!field.getKey().startsWith(QUANTITY_PREFIX) || field.getValue().isEmpty()) {
                continue;
            }
            String id = field.getKey().substring(QUANTITY_PREFIX.length());
            Optional<Product> product = CANONICAL_ID.matcher(id).matches()
                    ? menu.product(Long.parseLong(id))
                    : Optional.empty();
            if (product.isEmpty()) {
                errors.put("items", "Something you picked is no longer on our menu. Please check your order.");
                continue;
            }
            Product p = product.get();
            String raw = field.getValue();
            if (raw.startsWith("-") && QUANTITY.matcher(raw.substring(1)).matches()) {
                errors.put(field.getKey(), "The quantity of " + p.name() + " can't be negative.");
                continue;
            }
            if (!QUANTITY.matcher(raw).matches()) {
                errors.put(field.getKey(), raw.chars().allMatch(c -> c >= '0' && c <= '9')
                        ? "We can take up to " + limits.maxQuantity() + " of " + p.name() + " online. For more, please call us."
                        : "Please enter a whole number for " + p.name() + ".");
                continue;
            }
            int quantity = Integer.parseInt(raw);
            if (quantity > limits.maxQuantity()) {
                errors.put(field.getKey(), "We can take up to " + limits.maxQuantity() + " of " + p.name()
                        + " online. For more, please call us.");
            } else if (quantity > 0) {
                items.add(new Item(p.id(), p.name(), p.priceCents(), quantity));
                total += quantity;
            }
        }
        if (items.size() > MAX_LINES) {
            errors.put("items", "We can take up to " + MAX_LINES + " different items in one request online. "
                    + "For a larger order, please call us.");
        } else if (total > MAX_TOTAL_QUANTITY) {
            errors.put("items", "We can take up to " + MAX_TOTAL_QUANTITY + " pieces in one request online. "
                    + "For a larger order, please call us.");
        }
        return items;
    }

    /** A required one-line field: no line breaks or other control characters (they could forge mail headers). */
    private static String singleLine(Map<String, String> values, Map<String, String> errors, String field,
            String what, int max) {
        String value = values.getOrDefault(field, "");
        if (value.isEmpty()) {
            errors.put(field, "Please enter " + what + ".");
            return value;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            errors.put(field, "Please keep " + what + " on one line, without special characters.");
        } else if (!readable(value)) {
            errors.put(field, unreadable(what));
        } else if (value.codePointCount(0, value.length()) > max) {
            errors.put(field, "Please shorten " + what + " to at most " + max + " characters.");
        }
        return value;
    }

    /** A free-text field: line breaks and tabs are fine, other control characters are not. */
    private static String text(Map<String, String> values, Map<String, String> errors, String field, String what, int max) {
        String value = values.getOrDefault(field, "");
        if (value.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n' && ch != '\r' && ch != '\t')) {
            errors.put(field, "Please remove special characters from " + what + ".");
        } else if (!readable(value)) {
            errors.put(field, unreadable(what));
        } else if (value.codePointCount(0, value.length()) > max) {
            errors.put(field, "Please shorten " + what + " to at most " + max + " characters.");
        }
        return value;
    }

    /** Bytes that were not valid UTF-8 arrive as U+FFFD; lone surrogates cannot be stored. */
    private static boolean readable(String value) {
        if (value.indexOf('\uFFFD') >= 0) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String unreadable(String what) {
        return "Some characters in " + what + " could not be read. Please type it again.";
    }
}
