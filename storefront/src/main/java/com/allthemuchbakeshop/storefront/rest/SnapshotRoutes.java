package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.snapshot.SnapshotRoute;
import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import javax.sql.DataSource;

/** The snapshot contract for the backup-agent: a consistent copy of storefront.db (see SnapshotRoute, docs/backups.md). */
@ApplicationScoped
public class SnapshotRoutes {

    void register(@Observes Router router, DataSource db, StorefrontConfig config, Clock clock) {
        SnapshotRoute.register(router, db, config.dataDir().resolve("snapshots"), "storefront.db", config.notifier().token(), clock);
    }
}
