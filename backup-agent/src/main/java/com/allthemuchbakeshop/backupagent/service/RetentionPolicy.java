package com.allthemuchbakeshop.backupagent.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which backups may go: those older than the window, except the newest few verified ones, and
 * none at all while the newest attempt failed (a Pi whose backups broke a month ago must not
 * delete its last good ones night after night).
 */
public final class RetentionPolicy {

    /** A backup as retention sees it. */
    public record Candidate(String id, Instant takenAt, boolean verified) {
    }

    private final Duration window;
    private final int keepAtLeast;

    public RetentionPolicy(Duration window, int keepAtLeast) {
        this.window = window;
        this.keepAtLeast = keepAtLeast;
    }

    /** The ids to delete, given every backup there is and whether the newest attempt failed. */
    public Set<String> toDelete(List<Candidate> backups, boolean newestAttemptFailed, Instant now) {
        Set<String> delete = new HashSet<>();
        if (newestAttemptFailed) {
            return delete;
        }
        List<Candidate> newestFirst = backups.stream().sorted(Comparator.comparing(Candidate::takenAt).reversed()).toList();
        Set<String> keep = new HashSet<>();
        newestFirst.stream().filter(Candidate::verified).limit(keepAtLeast).forEach(c -> keep.add(c.id()));
        Instant cutoff = now.minus(window);
        for (Candidate c : newestFirst) {
            if (!keep.contains(c.id()) && c.takenAt().isBefore(cutoff)) {
                delete.add(c.id());
            }
        }
        return delete;
    }
}
