package com.allthemuchbakeshop.notifier;

/** A request the notifier cannot accept; {@code field} names the part at fault. */
public class InvalidRequest extends RuntimeException {

    private final String field;

    public InvalidRequest(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
