package com.allthemuchbakeshop.monitoragent.alert;

import com.allthemuchbakeshop.monitoragent.check.Http;
import com.allthemuchbakeshop.monitoragent.check.Observation;
import com.allthemuchbakeshop.monitoragent.check.Site;
import com.allthemuchbakeshop.monitoragent.check.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Says what changed, to the right people, in their words. Katie hears only about the website (an
 * alert: email and text): down, still down, back. Gerell hears about everything, in one email per
 * round with the technical detail and the failing container's last log lines. Through the
 * notifier's outbox first; when the notifier does not take it (it may be the thing that is
 * down), straight over SMTP with the same settings. A notice counts as given only once one of
 * the two took it; otherwise the next round tries again.
 */
public class Alerter {

    private static final Logger LOG = Logger.getLogger(Alerter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a 'on' EEEE, MMMM d", Locale.US);

    /** Where messages go, and how. */
    public record Settings(String notifierUrl, String token, String fallbackDelivery, String ownerEmail, Optional<String> ownerSmsGateway,
            Optional<String> developerEmail, String siteUrl, ZoneId zone) {
    }

    private final Settings settings;
    private final Mailer mailer;
    private final Http http = new Http(Duration.ofSeconds(10));

    public Alerter(Settings settings, Mailer mailer) {
        this.settings = settings;
        this.mailer = mailer;
    }

    /** Katie's message about the website, or empty when the notices hold none for her. */
    Optional<Message> forOwner(List<Notice> notices, Instant now) {
        return notices.stream().filter(n -> n.state().audience() == Observation.Audience.OWNER).findFirst().map(n -> {
            Tracker.State s = n.state();
            String site = settings.siteUrl().replaceFirst("^https?://", "").replaceAll("/+$", "");
            String since = at(s.since());
            return switch (n.change()) {
                case DOWN -> new Message("Your website is down",
                        "Since " + since + ", customers cannot open " + site + ". " + Site.causeOf(s.summary()).plain
                                + "\n\nGerell has been told and is looking into it. You do not need to do anything now. Orders "
                                + "that came in before this are safe. You will get a message as soon as the website is back.",
                        "site-down-" + s.since().toEpochMilli());
                case REMINDER -> new Message("Your website is still down",
                        "The website has been down since " + since + " (" + duration(s.since(), now) + "). "
                                + Site.causeOf(s.summary()).plain + "\n\nGerell has been told again. You will get a message as "
                                + "soon as it is back.", "site-still-down-" + now.toEpochMilli());
                case RECOVERED -> new Message("Your website is back",
                        "The website is working again since " + since + ". Customers can open it and order again.",
                        "site-back-" + s.since().toEpochMilli());
            };
        });
    }

    /** Gerell's message: every notice of the round, with detail. */
    Message forDeveloper(List<Notice> notices, Instant now) {
        String subject = "Bakeshop monitor: " + notices.stream().map(n -> word(n.change()) + " " + n.state().name())
                .collect(Collectors.joining(", "));
        if (subject.length() > 150) {
            subject = subject.substring(0, 146) + " ...";
        }
        StringBuilder body = new StringBuilder();
        for (Notice n : notices) {
            Tracker.State s = n.state();
            body.append(word(n.change())).append(": ").append(s.name()).append(" (").append(s.key()).append(")\n");
            switch (n.change()) {
                case DOWN -> body.append("  ").append(s.summary()).append("\n  since ").append(at(s.since())).append('\n');
                case REMINDER -> body.append("  ").append(s.summary()).append("\n  down since ").append(at(s.since())).append(" (")
                        .append(duration(s.since(), now)).append(")\n");
                case RECOVERED -> body.append("  back since ").append(at(s.since())).append(": ").append(s.summary()).append('\n');
            }
            if (n.change() != Tracker.Change.RECOVERED && !s.detail().isBlank()) {
                body.append(s.detail().lines().map(l -> "  | " + l).collect(Collectors.joining("\n"))).append('\n');
            }
            body.append('\n');
        }
        body.append("Status: GET /api/status on the monitor-agent; what each check means: docs/monitoring.md.");
        String text = body.length() > 4900 ? body.substring(0, 4880) + "\n[cut]" : body.toString();
        return new Message(subject, text, "monitor-" + sha(notices.stream().map(n -> n.change() + n.state().key()
                + n.state().since().toEpochMilli() + (n.change() == Tracker.Change.REMINDER ? "-" + now.toEpochMilli() : ""))
                .collect(Collectors.joining(","))));
    }

    /** A message: subject, text and the idempotency key that makes a retried hand-over a no-op. */
    record Message(String subject, String text, String key) {
    }

    /** Delivers the round's notices; true when both audiences' messages were taken by someone. */
    public boolean deliver(List<Notice> notices, Instant now) {
        if (notices.isEmpty()) {
            return true;
        }
        boolean ok = true;
        Optional<Message> owner = forOwner(notices, now);
        if (owner.isPresent()) {
            ok &= send("alert", owner.get(), settings.ownerEmail(), settings.ownerSmsGateway());
        }
        ok &= send("developer-report", forDeveloper(notices, now),
                settings.developerEmail().filter(e -> !e.isBlank()).orElse(settings.ownerEmail()), Optional.empty());
        return ok;
    }

    private boolean send(String kind, Message m, String to, Optional<String> smsGateway) {
        String why;
        try {
            String body = JSON.writeValueAsString(Map.of("kind", kind, "idempotencyKey", m.key(),
                    "data", Map.of("subject", m.subject(), "message", m.text())));
            Http.Answer r = http.post(settings.notifierUrl().replaceAll("/+$", "") + "/api/notifications", settings.token(), body);
            if (r.status() == 202) {
                LOG.infof("Told the notifier (%s): %s", kind, m.subject());
                return true;
            }
            why = r.status() == 0 ? "it " + r.problem() : "it answered HTTP " + r.status();
        } catch (IOException e) {
            why = "the message could not be written: " + e.getMessage();
        }
        return fallback(kind, m, to, smsGateway, why);
    }

    private boolean fallback(String kind, Message m, String to, Optional<String> smsGateway, String why) {
        String note = "\n\n(Sent straight by the monitor: the notifier did not take this message: " + why + ".)";
        if (!"smtp".equals(settings.fallbackDelivery())) {
            LOG.warnf("The notifier did not take the %s (%s); local mode, so only logged:\n%s\n%s", kind, why, m.subject(), m.text());
            return true;
        }
        try {
            mailer.send(Mail.withText(to, m.subject(), m.text() + note));
            smsGateway.filter(g -> !g.isBlank()).ifPresent(g -> mailer.send(Mail.withText(g, "", shortText(m))));
            LOG.warnf("The notifier did not take the %s (%s): sent it straight over SMTP to %s", kind, why, to);
            return true;
        } catch (RuntimeException e) {
            LOG.errorf("Neither the notifier (%s) nor SMTP (%s) took the %s \"%s\"; trying again next round", why, e.getMessage(), kind,
                    m.subject());
            return false;
        }
    }

    private static String shortText(Message m) {
        String t = "Bakery website: " + m.subject();
        return t.length() > 150 ? t.substring(0, 150) : t;
    }

    private String at(Instant when) {
        return TIME.format(when.atZone(settings.zone()));
    }

    static String duration(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        if (d.toMinutes() < 1) {
            return d.toSeconds() + " seconds";
        }
        if (d.toHours() < 2) {
            return d.toMinutes() + " minutes";
        }
        return d.toHours() + " hours";
    }

    private static String word(Tracker.Change c) {
        return switch (c) {
            case DOWN -> "DOWN";
            case REMINDER -> "STILL DOWN";
            case RECOVERED -> "BACK";
        };
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
