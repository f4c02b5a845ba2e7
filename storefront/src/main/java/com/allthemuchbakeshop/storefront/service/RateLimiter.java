package com.allthemuchbakeshop.storefront.service;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token bucket per client: {@code capacity} requests at once, refilled evenly over
 * {@code window}. Memory stays bounded: when many clients are tracked, full buckets (clients
 * that have been quiet for a whole window) are dropped.
 */
public class RateLimiter {

    private static final int SWEEP_ABOVE = 10_000;

    private final int capacity;
    private final long nanosPerToken;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int capacity, Duration window, LongSupplier nanoClock) {
        if (capacity < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs a capacity of at least 1 and a positive window");
        }
        this.capacity = capacity;
        this.nanosPerToken = window.toNanos() / capacity;
        this.nanoClock = nanoClock;
    }

    /** Takes one token for this client; false means the client must wait. */
    public boolean tryAcquire(String client) {
        long now = nanoClock.getAsLong();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        return buckets.computeIfAbsent(client, k -> new Bucket(now)).take(now);
    }

    /** Seconds until this client may try again (at least 1). */
    public long retryAfterSeconds(String client) {
        Bucket b = buckets.get(client);
        return b == null ? 1 : Math.max(1, b.nanosUntilNext(nanoClock.getAsLong()) / 1_000_000_000L + 1);
    }

    int trackedClients() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens = capacity;
        private long updatedAt;

        Bucket(long now) {
            updatedAt = now;
        }

        synchronized boolean take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= capacity;
        }

        synchronized long nanosUntilNext(long now) {
            refill(now);
            return tokens >= 1 ? 0 : (long) ((1 - tokens) * nanosPerToken);
        }

        private void refill(long now) {
            long elapsed = now - updatedAt;
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + (double) elapsed / nanosPerToken);
                updatedAt = now;
            }
        }
    }
}
