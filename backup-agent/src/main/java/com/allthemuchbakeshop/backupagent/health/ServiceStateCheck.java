package com.allthemuchbakeshop.backupagent.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Says plainly what this service does so far, so nobody mistakes a running skeleton for a
 * working backup-agent: it boots and answers health, and offers no API yet (see the open issues).
 */
@Liveness
@ApplicationScoped
public class ServiceStateCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("backup-agent")
                .up()
                .withData("features", "none yet: boots and reports health only")
                .build();
    }
}
