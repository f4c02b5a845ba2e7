package com.allthemuchbakeshop.monitoragent.health;

import com.allthemuchbakeshop.monitoragent.config.MonitorConfig;
import com.allthemuchbakeshop.monitoragent.service.Monitor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while its rounds run: the last one no longer ago than three intervals (and a minute's grace at start). */
@Liveness
@ApplicationScoped
public class ServiceStateCheck implements HealthCheck {

    private final Monitor monitor;
    private final MonitorConfig config;
    private final Instant started = Instant.now();

    ServiceStateCheck(Monitor monitor, MonitorConfig config) {
        this.monitor = monitor;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        Duration limit = config.interval().multipliedBy(3).plusMinutes(1);
        Instant last = monitor.lastRound().orElse(started);
        boolean up = Duration.between(last, Instant.now()).compareTo(limit) <= 0;
        return HealthCheckResponse.named("monitor-agent").status(up)
                .withData("lastRound", monitor.lastRound().map(Instant::toString).orElse("none yet"))
                .withData("checks", monitor.states().size())
                .build();
    }
}
