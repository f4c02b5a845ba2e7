package com.allthemuchbakeshop.storefront.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How password guessing is slowed without letting a stranger lock the owner out.
 *
 * <p>Per client (an IPv4 address or an IPv6 /64): the first few wrong passwords cost nothing,
 * then each one makes the next attempt wait longer, and after {@code lockoutAfter} within the
 * period that client is locked until the period has passed since its last one. Only the guesser
 * is locked.
 *
 * <p>Per account: wrong passwords from everywhere together make the next attempt from a device
 * the account has not signed in with before wait, doubling up to {@link #ACCOUNT_MAX_WAIT},
 * never longer and never a lock. A trusted device (one that signed in before) skips this wait,
 * so Katie on her own phone gets in with the right password whatever strangers are trying.
 */
public class SignInThrottle {

    /** May the attempt go ahead; if not, until when, and is it a lockout or a short wait. */
    public record Decision(boolean allowed, Instant until, boolean locked) {
        static final Decision ALLOW = new Decision(true, null, false);
    }

    static final int FREE_ATTEMPTS = 2;
    static final Duration FIRST_WAIT = Duration.ofSeconds(5);
    static final Duration ACCOUNT_FIRST_WAIT = Duration.ofSeconds(2);
    static final Duration ACCOUNT_MAX_WAIT = Duration.ofSeconds(10);

    private final int lockoutAfter;
    private final Duration lockoutFor;

    public SignInThrottle(int lockoutAfter, Duration lockoutFor) {
        this.lockoutAfter = lockoutAfter;
        this.lockoutFor = lockoutFor;
    }

    public Duration window() {
        return lockoutFor;
    }

    /** @param failures this client's failed attempts within {@link #window()}, oldest first */
    public Decision forClient(List<Instant> failures, Instant now) {
        if (failures.isEmpty()) {
            return Decision.ALLOW;
        }
        Instant last = failures.get(failures.size() - 1);
        if (failures.size() >= lockoutAfter) {
            Instant until = last.plus(lockoutFor);
            return now.isBefore(until) ? new Decision(false, until, true) : Decision.ALLOW;
        }
        if (failures.size() > FREE_ATTEMPTS) {
            Duration wait = FIRST_WAIT.multipliedBy(1L << (failures.size() - FREE_ATTEMPTS - 1));
            return waitUntil(last.plus(wait), now);
        }
        return Decision.ALLOW;
    }

    /** @param failures the account's failed attempts within {@link #window()}, from every client, oldest first */
    public Decision forAccount(List<Instant> failures, Instant now) {
        if (failures.size() < lockoutAfter) {
            return Decision.ALLOW;
        }
        int doublings = Math.min(failures.size() - lockoutAfter, 10);
        Duration wait = ACCOUNT_FIRST_WAIT.multipliedBy(1L << doublings);
        if (wait.compareTo(ACCOUNT_MAX_WAIT) > 0) {
            wait = ACCOUNT_MAX_WAIT;
        }
        return waitUntil(failures.get(failures.size() - 1).plus(wait), now);
    }

    private static Decision waitUntil(Instant until, Instant now) {
        return now.isBefore(until) ? new Decision(false, until, false) : Decision.ALLOW;
    }

    public int lockoutAfter() {
        return lockoutAfter;
    }
}
