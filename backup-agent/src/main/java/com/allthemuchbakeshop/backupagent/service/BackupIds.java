package com.allthemuchbakeshop.backupagent.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Backup names: bakeshop-YYYYMMDDTHHMMSSZ-reason, in UTC, so they sort by time. */
public final class BackupIds {

    public static final Pattern ID = Pattern.compile("bakeshop-(\\d{8}T\\d{6}Z)-([a-z0-9-]{1,30})");
    public static final Pattern REASON = Pattern.compile("[a-z0-9-]{1,30}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private BackupIds() {
    }

    public static String of(Instant at, String reason) {
        return "bakeshop-" + STAMP.format(at.truncatedTo(ChronoUnit.SECONDS)) + "-" + reason;
    }

    /** When the backup was taken, if the name is one of ours. */
    public static Optional<Instant> takenAt(String id) {
        Matcher m = ID.matcher(id);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(Instant.from(STAMP.parse(m.group(1))));
    }

    public static String reason(String id) {
        Matcher m = ID.matcher(id);
        return m.matches() ? m.group(2) : "";
    }
}
