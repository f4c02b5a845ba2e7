package com.allthemuchbakeshop.notifier.service;

/** What came of one delivery attempt: sent, worth retrying later, or refused for good. */
public record DeliveryResult(Outcome outcome, String detail) {

    public enum Outcome { SENT, RETRY, GIVE_UP }

    static DeliveryResult sent(String detail) {
        return new DeliveryResult(Outcome.SENT, detail);
    }

    static DeliveryResult retry(String detail) {
        return new DeliveryResult(Outcome.RETRY, detail);
    }

    static DeliveryResult giveUp(String detail) {
        return new DeliveryResult(Outcome.GIVE_UP, detail);
    }
}
