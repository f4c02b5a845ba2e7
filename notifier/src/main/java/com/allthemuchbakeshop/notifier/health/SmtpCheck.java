package com.allthemuchbakeshop.notifier.health;

import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import com.allthemuchbakeshop.notifier.config.NotifierConfig.Delivery;
import com.allthemuchbakeshop.notifier.service.SmtpStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while no email can leave until a setting is changed (a refused SendGrid key, a relay
 * without STARTTLS, an untrusted certificate); UP again once the SMTP server accepts a message.
 * A readiness check of its own, not data on the outbox check: the container's HEALTHCHECK reads
 * /q/health/ready, so the container turns unhealthy, which is what the monitor watches, and the
 * reason is right there under "smtp". Nothing else stops: the API keeps accepting notifications
 * into the outbox. A relay that is merely down stays UP here (retrying fixes that; the outbox's
 * counts show the backlog).
 */
@Readiness
@ApplicationScoped
public class SmtpCheck implements HealthCheck {

    private final SmtpStatus status;
    private final NotifierConfig config;

    SmtpCheck(SmtpStatus status, NotifierConfig config) {
        this.status = status;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("smtp");
        if (config.delivery() == Delivery.LOCAL) {
            return b.up().withData("delivery", "local: nothing is sent").build();
        }
        return status.stopped()
                .map(s -> b.down()
                        .withData("reason", s.problem().reason())
                        .withData("check", s.problem().check())
                        .withData("since", s.since().toString()))
                .orElseGet(b::up)
                .build();
    }
}
