package com.allthemuchbakeshop.deployhook.health;

import com.allthemuchbakeshop.deployhook.service.Deployer;
import com.allthemuchbakeshop.deployhook.store.History;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the deploy history is open; tells the last deploy (for bakeshop status and the monitor's detail). */
@Readiness
@ApplicationScoped
public class ServiceStateCheck implements HealthCheck {

    private final Deployer deployer;

    ServiceStateCheck(Deployer deployer) {
        this.deployer = deployer;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("deploy-hook").up();
        deployer.history().recent(1).stream().findFirst().map((History.Deploy d) -> d.kind() + " #" + d.id() + " of " + d.service()
                + ": " + d.state()).ifPresent(last -> b.withData("last", last));
        return b.build();
    }
}
