package com.allthemuchbakeshop.notifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How the notifier delivers, to whom, and how hard it tries. Validated at start-up. */
@ConfigMapping(prefix = "notifier")
public interface NotifierConfig {

    /** How messages leave: "local" keeps them in a mailbox directory, "smtp" sends them. */
    enum Delivery { LOCAL, SMTP }

    /** The owner's text-message channel. */
    enum TextChannel { NONE, EMAIL_GATEWAY, TWILIO }

    Delivery delivery();

    Path dataDir();

    /** Shared token every internal caller sends as "Authorization: Bearer ..." (INTERNAL_API_TOKEN). */
    String internalApiToken();

    /** Sender address, e.g. orders@allthemuchbakeshop.com (MAIL_FROM). */
    String from();

    @WithDefault("All the Much Bake Shop")
    String fromName();

    Owner owner();

    /** Where technical reports go: backups, disk, deploys (DEVELOPER_EMAIL; empty: the owner's email). */
    Optional<String> developerEmail();

    Twilio twilio();

    Retry retry();

    Bakery bakery();

    Limits limits();

    interface Owner {
        /** Where order alerts go (OWNER_EMAIL). */
        String email();

        @WithDefault("none")
        TextChannel textChannel();

        /** The owner's email-to-SMS gateway address, e.g. 5551234567@vtext.com (OWNER_SMS_GATEWAY). */
        Optional<String> smsGateway();

        /** The owner's mobile number in E.164 form, e.g. +15551234567 (OWNER_PHONE), for Twilio. */
        Optional<String> phone();
    }

    interface Twilio {
        Optional<String> accountSid();

        Optional<String> authToken();

        /** The Twilio number messages come from, E.164. */
        Optional<String> from();

        @WithDefault("https://api.twilio.com")
        String baseUrl();
    }

    interface Retry {
        /** Wait after the first failed attempt; doubles each time. */
        @WithDefault("10S")
        Duration firstBackoff();

        @WithDefault("10M")
        Duration maxBackoff();

        /** After this long a message that could not be sent is given up (and logged as an error). */
        @WithDefault("48H")
        Duration giveUpAfter();
    }

    /**
     * What one hostile visitor can make the bakery send, at most. Over a limit a message is stored
     * as held (never sent) and the owner gets one alert per hour about it.
     */
    interface Limits {
        /** Order confirmations and sign-up emails to one address in 24 hours. */
        @WithDefault("3")
        int customerEmailsPerAddressPerDay();

        /** Order confirmations and sign-up emails to anyone, in the last hour. */
        @WithDefault("30")
        int customerEmailsPerHour();

        /** New-order texts to the owner in the last hour (her order emails are never held). */
        @WithDefault("20")
        int ownerTextsPerHour();
    }

    /** Business details printed in every email (the same BAKERY_* variables as the storefront). */
    interface Bakery {
        String name();

        String phone();

        String address();

        @WithDefault("#7a3b2e")
        String primaryColour();

        /** The public address of the site (SITE_URL); the default is the storefront's own. */
        @WithDefault("http://localhost:8080")
        String siteUrl();
    }
}
