package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.OrderRequest;
import java.util.Map;
import java.util.Optional;

/**
 * An order form as the customer sent it: the values to show again, a message for each field at
 * fault, and the valid request when there are none.
 */
public record OrderForm(Map<String, String> values, Map<String, String> errors, Optional<OrderRequest> request) {

    public static OrderForm empty() {
        return new OrderForm(Map.of(), Map.of(), Optional.empty());
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    public boolean checked(String field, String option) {
        return option.equals(values.get(field));
    }

    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
