package com.allthemuchbakeshop.monitoragent.rest;

import com.allthemuchbakeshop.monitoragent.config.MonitorConfig;
import com.allthemuchbakeshop.monitoragent.service.Monitor;
import com.allthemuchbakeshop.snapshot.SnapshotRoute;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;

/** The snapshot contract for the backup-agent: a consistent copy of the monitor's history, monitor.db (docs/backups.md). */
@ApplicationScoped
public class SnapshotRoutes {

    void register(@Observes Router router, Monitor monitor, MonitorConfig config, Clock clock) {
        SnapshotRoute.register(router, monitor.store().dataSource(), config.dataDir().resolve("snapshots"), "monitor.db",
                config.internalApiToken(), clock);
    }
}
