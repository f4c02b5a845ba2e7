package com.allthemuchbakeshop.backupagent.health;

import com.allthemuchbakeshop.backupagent.service.BackupService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while it answers; says (without going down: a failed upload must not restart the agent)
 * what the latest backup was, for a person reading /q/health. Freshness alerts are the monitor's.
 */
@Liveness
@ApplicationScoped
public class BackupCheck implements HealthCheck {

    private final BackupService backups;

    BackupCheck(BackupService backups) {
        this.backups = backups;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("backup-agent").up().withData("running", backups.running());
        backups.latest().ifPresent(s -> b.withData("latest", s.id() + " " + s.status()));
        backups.latestVerified().ifPresent(s -> b.withData("latestVerified", s.id()));
        return b.build();
    }
}
