package com.allthemuchbakeshop.storefront;

import java.time.Instant;

/**
 * An order as kept in the database. {@code notificationStatus} is the seam for the notifier:
 * "pending" until the notifier has taken it.
 */
public record StoredOrder(long id, String reference, OrderRequest request, String status,
        String notificationStatus, Instant createdAt) {
}
