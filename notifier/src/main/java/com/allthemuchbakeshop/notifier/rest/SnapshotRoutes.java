package com.allthemuchbakeshop.notifier.rest;

import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import com.allthemuchbakeshop.snapshot.SnapshotRoute;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import javax.sql.DataSource;

/** The snapshot contract for the backup-agent: a consistent copy of the outbox, notifier.db (see SnapshotRoute, docs/backups.md). */
@ApplicationScoped
public class SnapshotRoutes {

    void register(@Observes Router router, DataSource db, NotifierConfig config, Clock clock) {
        SnapshotRoute.register(router, db, config.dataDir().resolve("snapshots"), "notifier.db", config.internalApiToken(), clock);
    }
}
