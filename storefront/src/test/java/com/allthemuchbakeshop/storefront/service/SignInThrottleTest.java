package com.allthemuchbakeshop.storefront.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final SignInThrottle throttle = new SignInThrottle(5, Duration.ofMinutes(15));
    private final Instant t0 = Instant.parse("2026-12-01T15:00:00Z");

    private static List<Instant> failures(Instant first, int count) {
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            times.add(first.plusSeconds(60L * i));
        }
        return times;
    }

    @Test
    void twoMistakesCostNothingThenEachOneWaitsLonger() {
        assertTrue(throttle.forClient(failures(t0, 2), t0.plusSeconds(61)).allowed());
        SignInThrottle.Decision third = throttle.forClient(failures(t0, 3), t0.plusSeconds(121));
        assertFalse(third.allowed());
        assertFalse(third.locked());
        assertEquals(t0.plusSeconds(125), third.until(), "5 s after the third");
        assertEquals(t0.plusSeconds(190), throttle.forClient(failures(t0, 4), t0.plusSeconds(181)).until(), "10 s after the fourth");
        assertTrue(throttle.forClient(failures(t0, 4), t0.plusSeconds(190)).allowed());
    }

    @Test
    void theFifthMistakeFromOneClientLocksThatClientForTheWholePeriodAfterTheLastOne() {
        List<Instant> five = failures(t0, 5);
        SignInThrottle.Decision locked = throttle.forClient(five, t0.plusSeconds(241));
        assertTrue(locked.locked());
        assertEquals(t0.plusSeconds(240).plus(Duration.ofMinutes(15)), locked.until());
        assertFalse(throttle.forClient(five, t0.plusSeconds(240).plus(Duration.ofMinutes(14))).allowed());
        assertTrue(throttle.forClient(five, t0.plusSeconds(240).plus(Duration.ofMinutes(15))).allowed());
    }

    @Test
    void anAccountIsNeverLockedItsWaitDoublesToTenSecondsAtMost() {
        assertTrue(throttle.forAccount(failures(t0, 4), t0.plusSeconds(180)).allowed(), "four failures cost nothing");
        SignInThrottle.Decision fifth = throttle.forAccount(failures(t0, 5), t0.plusSeconds(240));
        assertFalse(fifth.allowed());
        assertFalse(fifth.locked());
        assertEquals(t0.plusSeconds(242), fifth.until(), "2 s after the fifth");
        assertEquals(t0.plusSeconds(304), throttle.forAccount(failures(t0, 6), t0.plusSeconds(300)).until(), "4 s after the sixth");
        SignInThrottle.Decision many = throttle.forAccount(failures(t0, 500), t0.plusSeconds(60L * 499));
        assertFalse(many.locked());
        assertEquals(t0.plusSeconds(60L * 499 + 10), many.until(), "after 500 failures still only 10 s");
    }
}
