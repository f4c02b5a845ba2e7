package com.allthemuchbakeshop.notifier.health;

import com.allthemuchbakeshop.notifier.store.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the outbox can be read; its counts tell the monitor about a growing backlog or failures. */
@Readiness
@ApplicationScoped
public class OutboxCheck implements HealthCheck {

    private final OutboxStore outbox;

    OutboxCheck(OutboxStore outbox) {
        this.outbox = outbox;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("outbox").up();
        outbox.counts().forEach(b::withData);
        return b.build();
    }
}
