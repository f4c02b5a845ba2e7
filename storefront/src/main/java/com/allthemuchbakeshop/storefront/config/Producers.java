package com.allthemuchbakeshop.storefront.config;

import com.allthemuchbakeshop.storefront.service.ClientAddressResolver;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** Beans built from plain classes, so those classes stay testable without a container. */
public class Producers {

    /** The one clock the storefront reads, so tests can reason about "now". */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ClientAddressResolver clientAddresses(StorefrontConfig config) {
        return new ClientAddressResolver(config.trustedProxies().orElse(List.of()));
    }
}
