package com.allthemuchbakeshop.storefront.service;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token bucket per client: {@code capacity} requests at once, refilled evenly over
 * {@code window}. Memory is bounded by design: at most {@link #MAX_TRACKED} clients have a bucket
 * of their own; past that, new clients share one bucket (a flood from very many addresses is
 * throttled as one client) until {@link #sweep()}, run off the request threads, drops the buckets
 * of clients quiet for a whole window. A restart forgets the buckets: that is at most one more
 * window's worth of posts per client, which the notifier's sending limits bound in turn.
 */
public class RateLimiter {

    /** About 100 bytes per bucket: 50,000 clients is a few megabytes. */
    public static final int MAX_TRACKED = 50_000;
    static final String OVERFLOW = "(new clients past the limit)";

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
        return bucket(client, now).take(now);
    }

    private Bucket bucket(String client, long now) {
        Bucket b = buckets.get(client);
        if (b != null) {
            return b;
        }
        String key = buckets.size() >= MAX_TRACKED ? OVERFLOW : client;
        return buckets.computeIfAbsent(key, k -> new Bucket(now));
    }

    /** Drops the buckets of clients that have been quiet for a whole window; call it on a schedule. */
    public void sweep() {
        long now = nanoClock.getAsLong();
        buckets.values().removeIf(b -> b.isFull(now));
    }

    /** Seconds until this client may try again (at least 1). */
    public long retryAfterSeconds(String client) {
        Bucket b = buckets.getOrDefault(client, buckets.get(OVERFLOW));
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
