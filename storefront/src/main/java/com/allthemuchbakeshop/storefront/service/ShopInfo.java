package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.config.BakeryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.List;

/** The bakery's details as every page shows them ({@code {inject:shop.name}} in templates). */
@Named("shop")
@ApplicationScoped
public class ShopInfo {

    private final BakeryConfig config;

    ShopInfo(BakeryConfig config) {
        this.config = config;
    }

    public String name() {
        return config.name();
    }

    public String tagline() {
        return config.tagline();
    }

    public String street() {
        return config.address().street();
    }

    /** "Springfield, IL 62701" */
    public String locality() {
        BakeryConfig.Address a = config.address();
        return a.city() + ", " + a.region() + " " + a.postalCode();
    }

    public String mapUrl() {
        return config.address().mapUrl().orElse("");
    }

    public String phone() {
        return config.phone();
    }

    /** The phone number as a tel: link target, digits and a leading + only. */
    public String phoneLink() {
        return "tel:" + config.phone().replaceAll("[^0-9+]", "");
    }

    public String email() {
        return config.email();
    }

    public List<String> hours() {
        return config.hours();
    }
}
