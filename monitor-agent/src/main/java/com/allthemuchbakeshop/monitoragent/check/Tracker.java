package com.allthemuchbakeshop.monitoragent.check;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The alerting state machine of one check, as pure rules (no clock, no I/O): UP, PENDING (failed,
 * not yet confirmed), DOWN (confirmed: failuresBeforeDown failures in a row, or one certain
 * failure), back UP after successesBeforeUp passes in a row (hysteresis: a flapping check that
 * never holds either way sends nothing). A DOWN is announced once, reminded every reminderEvery
 * while it lasts, and followed by exactly one recovery notice. During maintenance the states move
 * on but nothing is announced; what is still true when the window ends is announced then. A
 * notice counts as given only once delivered ({@link #sent}), so a failed delivery is retried.
 */
public final class Tracker {

    public enum Status {
        UP, PENDING, DOWN
    }

    /** What must be told. */
    public enum Change {
        DOWN, REMINDER, RECOVERED
    }

    /**
     * A check's state. since: when the current status began (for DOWN, the start of the incident);
     * alerted: a DOWN notice was delivered and no recovery notice yet; lastNoticeAt: when the last
     * notice went out.
     */
    public record State(String key, String name, Observation.Audience audience, Status status, int fails, int oks,
            Instant since, boolean alerted, Instant lastNoticeAt, String summary, String detail, Instant checkedAt,
            Instant failingSince) {
    }

    /**
     * The rules, from the settings. confirmAfter: a check is DOWN only once it has been failing for
     * at least this long, so rounds run close together (a burst of Docker events) cannot confirm a
     * failure that a look a retry interval later would not (normally the retry interval times the
     * failures after the first).
     */
    public record Rules(int failuresBeforeDown, int successesBeforeUp, Duration reminderEvery, Duration confirmAfter) {
        public Rules {
            if (failuresBeforeDown < 1 || successesBeforeUp < 1) {
                throw new IllegalArgumentException("the failure and recovery thresholds must be at least 1");
            }
        }
    }

    private final Rules rules;

    public Tracker(Rules rules) {
        this.rules = rules;
    }

    /** The state after this observation (previous: null the first time a check is seen). */
    public State apply(State previous, Observation o, Instant now) {
        State p = previous != null ? previous
                : new State(o.key(), o.name(), o.audience(), Status.UP, 0, 0, now, false, null, "", "", now, null);
        Status status = p.status();
        int fails = p.fails();
        int oks = p.oks();
        Instant since = p.since();
        Instant failingSince = o.ok() ? null : p.failingSince() != null ? p.failingSince() : now;
        if (o.ok()) {
            fails = 0;
            if (status == Status.DOWN) {
                oks++;
                if (oks >= rules.successesBeforeUp()) {
                    status = Status.UP;
                    since = now;
                    oks = 0;
                }
            } else {
                status = Status.UP;
                oks = 0;
            }
        } else {
            oks = 0;
            fails++;
            if (status != Status.DOWN) {
                boolean longEnough = !now.isBefore(failingSince.plus(rules.confirmAfter()));
                if ((fails >= rules.failuresBeforeDown() && longEnough) || o.confirmed()) {
                    status = Status.DOWN;
                    since = now;
                } else {
                    status = Status.PENDING;
                }
            }
        }
        // A DOWN keeps the words of the failure that made it, until it is over.
        boolean keepWords = o.ok() && status == Status.DOWN;
        return new State(o.key(), o.name(), o.audience(), status, fails, oks, since, p.alerted(), p.lastNoticeAt(),
                keepWords ? p.summary() : o.summary(), keepWords ? p.detail() : o.detail(), now, failingSince);
    }

    /** The notice this state calls for now, if any (none during maintenance). */
    public Optional<Change> due(State s, Instant now, boolean maintenance) {
        if (maintenance) {
            return Optional.empty();
        }
        if (s.status() == Status.DOWN && !s.alerted()) {
            return Optional.of(Change.DOWN);
        }
        if (s.status() == Status.DOWN && s.lastNoticeAt() != null && !now.isBefore(s.lastNoticeAt().plus(rules.reminderEvery()))) {
            return Optional.of(Change.REMINDER);
        }
        if (s.status() != Status.DOWN && s.alerted()) {
            return Optional.of(Change.RECOVERED);
        }
        return Optional.empty();
    }

    /** The state once the notice was delivered. */
    public State sent(State s, Change change, Instant now) {
        boolean alerted = change != Change.RECOVERED;
        return new State(s.key(), s.name(), s.audience(), s.status(), s.fails(), s.oks(), s.since(), alerted, now, s.summary(),
                s.detail(), s.checkedAt(), s.failingSince());
    }
}
