package com.allthemuchbakeshop.storefront;

import java.time.LocalDate;
import java.util.List;

/** A customer's custom-order request after validation; every field is within its bounds. */
public record OrderRequest(
        String name,
        String email,
        String phone,
        Fulfilment fulfilment,
        String deliveryAddress,
        LocalDate wantedOn,
        List<Item> items,
        String requestText,
        String notes) {

    public enum Fulfilment {
        PICKUP, DELIVERY;

        public String label() {
            return this == PICKUP ? "Pickup" : "Delivery";
        }
    }

    /** A product from the menu and how many; the price is the one on the menu at order time. */
    public record Item(long productId, String productName, long unitPriceCents, int quantity) {
    }
}
