package com.allthemuchbakeshop.deployhook.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The clock every timestamp and signature window comes from (UTC). */
public class Producers {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
