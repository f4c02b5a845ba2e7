package com.allthemuchbakeshop.notifier;

/**
 * One message to one recipient over one channel, fully rendered: what the outbox stores and the
 * sender delivers. {@code html} is null for text-only messages (texts, SMS).
 */
public record OutgoingMessage(Channel channel, String recipient, String replyTo, String subject, String text, String html) {

    /** How a message travels. */
    public enum Channel { EMAIL, TWILIO }
}
