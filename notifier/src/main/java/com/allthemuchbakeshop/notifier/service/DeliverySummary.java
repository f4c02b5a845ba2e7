package com.allthemuchbakeshop.notifier.service;

import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import com.allthemuchbakeshop.notifier.config.NotifierConfig.Delivery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The start-up line that says how mail leaves, without secrets, e.g. "Delivery: smtp via
 * smtp.sendgrid.net:587 (STARTTLS REQUIRED, login REQUIRED as apikey); owner text: email-gateway;
 * messages given up after 48h". The container tests read it: keep "given up after" and the host.
 */
public final class DeliverySummary {

    private DeliverySummary() {
    }

    public static String line(NotifierConfig c, String smtpHost, OptionalInt smtpPort, String startTls, String login,
            Optional<String> username, Path mailbox) {
        String how;
        if (c.delivery() == Delivery.LOCAL) {
            how = "local, every message kept in " + mailbox + " (nothing is sent)";
        } else {
            String as = login.equalsIgnoreCase("DISABLED") ? "" : username.map(u -> " as " + u).orElse(" with no user");
            how = "smtp via " + smtpHost + (smtpPort.isPresent() ? ":" + smtpPort.getAsInt() : "")
                    + " (STARTTLS " + startTls.toUpperCase(Locale.ROOT) + ", login " + login.toUpperCase(Locale.ROOT) + as + ")";
        }
        return "Delivery: " + how + "; owner text: " + c.owner().textChannel().name().toLowerCase(Locale.ROOT).replace('_', '-')
                + "; messages given up after " + duration(c.retry().giveUpAfter());
    }

    /** 48h, 1h30m, 45s, 1m500ms: hours (days count as 24h), minutes, seconds, milliseconds; zero parts left out. */
    public static String duration(Duration d) {
        StringBuilder s = new StringBuilder();
        if (d.toHours() > 0) {
            s.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            s.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            s.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            s.append(d.toMillisPart()).append("ms");
        }
        return s.length() == 0 ? "0s" : s.toString();
    }
}
