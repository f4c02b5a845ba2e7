package com.allthemuchbakeshop.notifier.service;

import com.allthemuchbakeshop.notifier.Kind;
import com.allthemuchbakeshop.notifier.OutgoingMessage;
import com.allthemuchbakeshop.notifier.OutgoingMessage.Channel;
import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import com.allthemuchbakeshop.notifier.store.OutboxStore;
import com.allthemuchbakeshop.notifier.store.OutboxStore.Queued;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps the site's forms from being a mail or text relay: customer emails are capped per address
 * per day and in total per hour, the owner's order texts per hour. A message over its limit is
 * stored as held (never sent, still listed by the status API) and the owner gets one alert per
 * hour saying so; her order emails, alerts and reports are never held.
 */
@ApplicationScoped
public class SendingLimits {

    public static final String CUSTOMER_EMAIL = "customer-email";
    public static final String OWNER_TEXT = "owner-text";
    private static final Logger LOG = Logger.getLogger(SendingLimits.class);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

    private final OutboxStore outbox;
    private final FanOut fanOut;
    private final NotifierConfig config;
    private final Clock clock;

    SendingLimits(OutboxStore outbox, FanOut fanOut, NotifierConfig config, Clock clock) {
        this.outbox = outbox;
        this.fanOut = fanOut;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Stores a notification, holding what is over a limit. Counting and storing happen under one
     * lock, so parallel requests cannot all slip under a limit together.
     */
    public synchronized OutboxStore.Accepted accept(String key, Kind kind, List<OutgoingMessage> messages) {
        Instant now = clock.instant();
        NotifierConfig.Limits limits = config.limits();
        Map<String, Long> counted = new HashMap<>(); // what this notification adds, per limit, before it is stored
        List<Queued> queued = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (OutgoingMessage m : messages) {
            String limitClass = limitClass(kind, m);
            if (limitClass == null) {
                queued.add(Queued.unlimited(m));
                continue;
            }
            String recipient = normalised(m.recipient());
            String reason = null;
            long sameHour = outbox.countSince(limitClass, now.minus(Duration.ofHours(1))) + counted.getOrDefault(limitClass, 0L);
            if (limitClass.equals(CUSTOMER_EMAIL)) {
                long sameAddress = outbox.countToSince(limitClass, recipient, now.minus(Duration.ofDays(1)))
                        + counted.getOrDefault(recipient, 0L);
                if (sameAddress >= limits.customerEmailsPerAddressPerDay()) {
                    reason = "held: " + limits.customerEmailsPerAddressPerDay() + " emails to this address in 24 hours already";
                } else if (sameHour >= limits.customerEmailsPerHour()) {
                    reason = "held: " + limits.customerEmailsPerHour() + " customer emails in the last hour already";
                }
            } else if (sameHour >= limits.ownerTextsPerHour()) {
                reason = "held: " + limits.ownerTextsPerHour() + " order texts in the last hour already";
            }
            if (reason == null) {
                counted.merge(limitClass, 1L, Long::sum);
                counted.merge(recipient, 1L, Long::sum);
            } else {
                held.add(reason);
            }
            queued.add(new Queued(m, limitClass, recipient, reason));
        }
        OutboxStore.Accepted accepted = outbox.store(key, kind, queued, now, mailDomain());
        if (accepted.created() && !held.isEmpty()) {
            LOG.warnf("notification %d (%s): %d message(s) %s", accepted.id(), kind.wire(), held.size(), held.get(0));
            alertOwner(now, held.get(0));
        }
        return accepted;
    }

    /** The limit a message counts against, or null: the owner's own emails and every alert are never held. */
    static String limitClass(Kind kind, OutgoingMessage m) {
        return switch (kind) {
            case ORDER_CONFIRMATION, SIGNUP_WELCOME -> CUSTOMER_EMAIL;
            case ORDER_RECEIVED -> m.html() == null || m.channel() == Channel.TWILIO ? OWNER_TEXT : null;
            default -> null;
        };
    }

    /** The address as a limit counts it: case and a "+tag" do not make another mailbox. */
    static String normalised(String recipient) {
        String r = recipient.toLowerCase(Locale.ROOT);
        int at = r.lastIndexOf('@');
        int plus = r.indexOf('+');
        return at > 0 && plus >= 0 && plus < at ? r.substring(0, plus) + r.substring(at) : r;
    }

    /** One alert per hour at most, whatever the flood: its key is the hour. */
    private void alertOwner(Instant now, String reason) {
        String message = "Your website received more orders or sign-ups than usual in the last hour, so some emails to "
                + "customers (or order texts to you) were not sent, to protect the bakery's email account from abuse.\n\n"
                + "Nothing is lost: every order is in the admin and its email to you went out as usual. If the orders are "
                + "real, please reply to those customers yourself. Sending returns to normal by itself within the hour.\n\n"
                + "For the developer: " + reason + " (limits in notifier.limits.*; held messages have state 'held' in the outbox).";
        try {
            outbox.accept("sending-limit-" + HOUR.format(now), Kind.ALERT,
                    fanOut.messages(Kind.ALERT, Map.of("subject", "Some customer emails were held back this hour", "message", message)),
                    now, mailDomain());
        } catch (RuntimeException e) {
            LOG.error("Could not queue the alert about held messages", e);
        }
    }

    private String mailDomain() {
        return config.from().substring(config.from().indexOf('@') + 1);
    }
}
