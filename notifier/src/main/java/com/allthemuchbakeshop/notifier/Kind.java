package com.allthemuchbakeshop.notifier;

import java.util.Arrays;
import java.util.Optional;

/** What a notification is about; decides who gets which message. */
public enum Kind {
    ORDER_RECEIVED("order-received"),
    ORDER_CONFIRMATION("order-confirmation"),
    SIGNUP_WELCOME("signup-welcome"),
    ALERT("alert"),
    REPORT("report"),
    /** Technical news for the developer (DEVELOPER_EMAIL): backups, disk; never a text to the owner. */
    DEVELOPER_REPORT("developer-report");

    private final String wire;

    Kind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Kind> of(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst();
    }
}
