package com.allthemuchbakeshop.storefront.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How password guessing is slowed: the first few wrong passwords cost nothing, then each one
 * makes the next attempt wait longer, and after {@code lockoutAfter} within the lockout period
 * the account (or the client) is locked until that period has passed since the last one.
 */
public class SignInThrottle {

    /** May the attempt go ahead; if not, until when, and is it a lockout or a short wait. */
    public record Decision(boolean allowed, Instant until, boolean locked) {
        static final Decision ALLOW = new Decision(true, null, false);
    }

    static final int FREE_ATTEMPTS = 2;
    static final Duration FIRST_WAIT = Duration.ofSeconds(5);

    private final int lockoutAfter;
    private final Duration lockoutFor;

    public SignInThrottle(int lockoutAfter, Duration lockoutFor) {
        this.lockoutAfter = lockoutAfter;
        this.lockoutFor = lockoutFor;
    }

    public Duration window() {
        return lockoutFor;
    }

    /** @param failures the failed attempts within {@link #window()}, oldest first */
    public Decision check(List<Instant> failures, Instant now) {
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
            Instant until = last.plus(wait);
            return now.isBefore(until) ? new Decision(false, until, false) : Decision.ALLOW;
        }
        return Decision.ALLOW;
    }

    public int lockoutAfter() {
        return lockoutAfter;
    }
}
