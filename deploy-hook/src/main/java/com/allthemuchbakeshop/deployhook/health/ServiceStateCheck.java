package com.allthemuchbakeshop.deployhook.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Says plainly what this service does so far, so nobody mistakes a running skeleton for a
 * working deploy-hook: it boots and answers health, and offers no API yet (see the open issues).
 */
@Liveness
@ApplicationScoped
public class ServiceStateCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("deploy-hook")
                .up()
                .withData("features", "none yet: boots and reports health only")
                .build();
    }
}
