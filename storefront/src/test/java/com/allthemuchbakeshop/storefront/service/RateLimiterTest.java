package com.allthemuchbakeshop.storefront.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(3), now::get);

    @Test
    void allowsTheCapacityThenRefusesUntilATokenRefills() {
        assertTrue(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("a"));
        assertFalse(limiter.tryAcquire("a"));
        assertEquals(61, limiter.retryAfterSeconds("a"), "one token per minute");

        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertFalse(limiter.tryAcquire("a"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(limiter.tryAcquire("a"));
        assertFalse(limiter.tryAcquire("a"));
    }

    @Test
    void clientsHaveSeparateBuckets() {
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire("a"));
        }
        assertFalse(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("b"));
    }

    @Test
    void quietClientsAreForgottenSoMemoryStaysBounded() {
        for (int i = 0; i < 10_001; i++) {
            limiter.tryAcquire("client-" + i);
        }
        now.addAndGet(Duration.ofMinutes(3).toNanos());
        limiter.tryAcquire("late");
        assertEquals(1, limiter.trackedClients());
    }

    @Test
    void refusesANonsenseConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, Duration.ofMinutes(1), now::get));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(5, Duration.ZERO, now::get));
    }
}
