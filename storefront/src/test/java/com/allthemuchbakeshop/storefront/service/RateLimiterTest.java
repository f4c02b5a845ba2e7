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
    void quietClientsAreForgottenBySweep() {
        for (int i = 0; i < 1_000; i++) {
            limiter.tryAcquire("client-" + i);
        }
        limiter.tryAcquire("late");
        limiter.tryAcquire("late");
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        limiter.sweep();
        assertEquals(1, limiter.trackedClients(), "only the client whose bucket has not refilled is kept");
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        limiter.sweep();
        assertEquals(0, limiter.trackedClients());
    }

    @Test
    void aFloodFromVeryManyAddressesIsBoundedAndThrottledAsOne() {
        for (int i = 0; i < RateLimiter.MAX_TRACKED; i++) {
            assertTrue(limiter.tryAcquire("client-" + i));
        }
        // Past the limit no bucket is added: every new address shares one, which runs dry at once.
        int allowed = 0;
        for (int i = 0; i < 1_000; i++) {
            allowed += limiter.tryAcquire("new-" + i) ? 1 : 0;
        }
        assertEquals(3, allowed, "1,000 new addresses together get one client's capacity");
        assertEquals(RateLimiter.MAX_TRACKED + 1, limiter.trackedClients(), "memory does not grow with the flood");
        assertTrue(limiter.tryAcquire("client-7"), "a client known before the flood keeps its own bucket");
        assertTrue(limiter.retryAfterSeconds("new-5") > 1, "a new client past the limit is told to wait like the shared bucket");
    }

    @Test
    void refusesANonsenseConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, Duration.ofMinutes(1), now::get));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(5, Duration.ZERO, now::get));
    }
}
