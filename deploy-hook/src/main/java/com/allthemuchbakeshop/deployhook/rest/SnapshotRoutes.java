package com.allthemuchbakeshop.deployhook.rest;

import com.allthemuchbakeshop.deployhook.config.DeployConfig;
import com.allthemuchbakeshop.deployhook.service.Deployer;
import com.allthemuchbakeshop.snapshot.SnapshotRoute;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;

/** The snapshot contract for the backup-agent: a consistent copy of the deploy history, deploy-hook.db (docs/backups.md). */
@ApplicationScoped
public class SnapshotRoutes {

    void register(@Observes Router router, Deployer deployer, DeployConfig config, Clock clock) {
        SnapshotRoute.register(router, deployer.history().dataSource(), config.dataDir().resolve("snapshots"), "deploy-hook.db",
                config.internalApiToken(), clock);
    }
}
