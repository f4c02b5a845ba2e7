package com.allthemuchbakeshop.notifier.config;

import com.allthemuchbakeshop.notifier.config.NotifierConfig.Delivery;
import com.allthemuchbakeshop.notifier.config.NotifierConfig.TextChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The production settings a notifier cannot work without. Any problem stops start-up with one
 * line naming the variable: a forgotten SendGrid key must never turn into mail quietly kept on
 * the Pi.
 */
public final class SettingsCheck {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    /** What .env.example's examples use, and what never receives mail: never a real recipient or sender. */
    private static final Pattern PLACEHOLDER_DOMAIN = Pattern.compile("(?i)(.+\\.)?(example\\.(com|org|net)|localhost)");

    private SettingsCheck() {
    }

    /** @param smtpHost the configured SMTP host; @param smtpPassword the SMTP password (the SendGrid API key) */
    public static List<String> problems(NotifierConfig c, String smtpHost, Optional<String> smtpPassword) {
        List<String> problems = new ArrayList<>();
        if (c.internalApiToken().length() < 32) {
            problems.add("INTERNAL_API_TOKEN must be at least 32 characters (make one with: openssl rand -hex 32)");
        }
        if (!EMAIL.matcher(c.from()).matches()) {
            problems.add("MAIL_FROM must be an email address on your domain, e.g. orders@allthemuchbakeshop.com");
        }
        if (!EMAIL.matcher(c.owner().email()).matches()) {
            problems.add("OWNER_EMAIL must be the owner's email address");
        }
        if (c.owner().textChannel() == TextChannel.EMAIL_GATEWAY
                && c.owner().smsGateway().filter(g -> EMAIL.matcher(g).matches()).isEmpty()) {
            problems.add("OWNER_SMS_GATEWAY must be the phone's email-to-SMS address, e.g. 5551234567@vtext.com");
        }
        if (c.owner().textChannel() == TextChannel.TWILIO) {
            if (c.owner().phone().filter(p -> E164.matcher(p).matches()).isEmpty()) {
                problems.add("OWNER_PHONE must be the owner's mobile number like +15551234567");
            }
            if (c.twilio().accountSid().filter(s -> s.matches("AC[0-9a-fA-F]{32}")).isEmpty()) {
                problems.add("TWILIO_ACCOUNT_SID must look like AC followed by 32 hex digits");
            }
            if (c.twilio().authToken().filter(t -> t.length() >= 16).isEmpty()) {
                problems.add("TWILIO_AUTH_TOKEN is missing");
            }
            if (c.twilio().from().filter(p -> E164.matcher(p).matches()).isEmpty()) {
                problems.add("TWILIO_FROM must be your Twilio number like +15557654321");
            }
        }
        if (c.delivery() == Delivery.SMTP) {
            placeholder("MAIL_FROM", c.from()).ifPresent(problems::add);
            placeholder("OWNER_EMAIL", c.owner().email()).ifPresent(problems::add);
            if (c.owner().textChannel() == TextChannel.EMAIL_GATEWAY) {
                c.owner().smsGateway().flatMap(g -> placeholder("OWNER_SMS_GATEWAY", g)).ifPresent(problems::add);
            }
            if (smtpHost == null || smtpHost.isBlank()) {
                problems.add("SMTP_HOST is missing (smtp.sendgrid.net for SendGrid)");
            } else if (smtpHost.endsWith("sendgrid.net") && smtpPassword.filter(k -> k.startsWith("SG.")).isEmpty()) {
                problems.add("SENDGRID_API_KEY is missing or not a SendGrid key (it starts with SG.)");
            }
        }
        return problems;
    }

    /** With real delivery, an address on a placeholder domain would send Katie's orders nowhere. */
    private static Optional<String> placeholder(String variable, String address) {
        String domain = address.substring(address.lastIndexOf('@') + 1);
        return PLACEHOLDER_DOMAIN.matcher(domain).matches()
                ? Optional.of(variable + " is a placeholder address (" + address + "); put the real one")
                : Optional.empty();
    }
}
