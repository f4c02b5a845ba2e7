package com.allthemuchbakeshop.monitoragent.check;

import com.allthemuchbakeshop.monitoragent.check.Observation.Audience;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Backup freshness from the backup-agent's status API (GET /api/backups/latest): no verified
 * backup for longer than the limit (26 h: a nightly one missed) is an alert to the developer.
 * Before the first backup, the limit counts from when the monitor first ran.
 */
public class Backups {

    public static final String KEY = "backups";
    private static final String NAME = "the backups";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http http;
    private final String url;
    private final String token;
    private final Duration maxAge;

    public Backups(String agentUrl, String token, Duration maxAge, Duration timeout) {
        this.http = new Http(timeout);
        this.url = agentUrl.replaceAll("/+$", "") + "/api/backups/latest";
        this.token = token;
        this.maxAge = maxAge;
    }

    public Observation check(Instant now, Instant monitoringSince) {
        Http.Answer answer = http.text(url, token);
        long ms = answer.millis();
        if (answer.status() == 404) {
            return fresh(null, now, monitoringSince, ms, "no backup has been taken yet");
        }
        if (!answer.ok()) {
            return Observation.failed(KEY, NAME, Audience.DEVELOPER, "the backup-agent's status cannot be read (" + answer.problem() + ")",
                    url, ms);
        }
        String body = answer.body();
        try {
            JsonNode latest = JSON.readTree(body);
            String verifiedAt = latest.path("latestVerified").path("verifiedAt").asText("");
            Instant verified = verifiedAt.isEmpty() ? null : Instant.parse(verifiedAt);
            String last = latest.path("latest").path("id").asText("") + " " + latest.path("latest").path("status").asText("")
                    + (latest.path("latest").path("error").isTextual() ? ": " + latest.path("latest").path("error").asText() : "");
            return fresh(verified, now, monitoringSince, ms, "the newest attempt: " + last.strip());
        } catch (IOException | DateTimeParseException e) {
            return Observation.failed(KEY, NAME, Audience.DEVELOPER, "the backup-agent's status is not understood: " + e.getMessage(),
                    body.length() > 500 ? body.substring(0, 500) : body, ms);
        }
    }

    private Observation fresh(Instant verified, Instant now, Instant monitoringSince, long ms, String detail) {
        Instant reference = verified != null ? verified : monitoringSince;
        Duration age = Duration.between(reference, now);
        if (age.compareTo(maxAge) <= 0) {
            return Observation.ok(KEY, NAME, Audience.DEVELOPER, verified == null ? "no verified backup yet (watching for "
                    + hours(age) + ")" : "last verified backup " + hours(age) + " ago", ms);
        }
        return Observation.failed(KEY, NAME, Audience.DEVELOPER, verified == null
                ? "no verified backup at all in the " + hours(age) + " since monitoring began"
                : "no verified backup for " + hours(age) + " (the limit is " + hours(maxAge) + ")",
                detail + "\nSee docs/backups.md, \"When a backup fails\"; take one now: infra/scripts/backup.sh", ms);
    }

    static String hours(Duration d) {
        long h = d.toHours();
        return h >= 1 ? h + " h" : d.toMinutes() + " min";
    }
}
