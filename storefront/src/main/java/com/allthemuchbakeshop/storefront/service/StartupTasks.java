package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Gets the storefront's data ready before it serves anyone: creates the data and photos
 * directories (SQLite will not create a missing directory), brings the schema up to date, and
 * in the embedded local mode only, fills an empty menu with the sample one.
 */
@ApplicationScoped
public class StartupTasks {

    private static final Logger LOG = Logger.getLogger(StartupTasks.class);

    void onStart(@Observes @Priority(1) StartupEvent event, StorefrontConfig config, Flyway flyway,
            SampleMenuLoader sample, MenuService menu) {
        createDirectory(config.dataDir(), "STOREFRONT_DATA_DIR");
        createDirectory(config.photosDir(), "STOREFRONT_PHOTOS_DIR");
        try {
            // Snapshots are streamed once and deleted; any file left there was cut off by a stop.
            com.allthemuchbakeshop.snapshot.SqliteSnapshot.removeLeftovers(config.dataDir().resolve("snapshots"), java.time.Instant.now());
        } catch (IOException e) {
            LOG.warnf("Could not clear old snapshots in %s: %s", config.dataDir().resolve("snapshots"), e.getMessage());
        }
        var result = flyway.migrate();
        LOG.infof("Database %s is at schema version %s (%d migrations applied now)",
                config.dataDir().resolve("storefront.db"), result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion,
                result.migrationsExecuted);
        if (config.sampleMenu()) {
            sample.loadIfEmpty(config.photosDir());
        }
        menu.reload();
    }

    private static void createDirectory(Path dir, String variable) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create directory " + dir + " (" + variable + "): " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalStateException("Directory " + dir + " (" + variable + ") is not writable by this user");
        }
    }
}
