package com.allthemuchbakeshop.monitoragent.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The clock every timestamp comes from (UTC; messages show the bakery's time zone). */
public class Producers {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
