package com.allthemuchbakeshop.deployhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The deploy-hook's settings (every one in .env.example, "Deploys"; docs/deploys.md). */
@ConfigMapping(prefix = "deploy")
public interface DeployConfig {

    /** DEPLOY_HOOK_SECRET: signs every request (HMAC-SHA256); at least 32 characters. */
    String secret();

    /** How far a request's timestamp may be from the hook's clock. */
    @WithDefault("5M")
    Duration signatureWindow();

    Path dataDir();

    /** unix:///var/run/docker.sock in the container. */
    String dockerHost();

    /** The monitor's maintenance window opened for a deploy (ended as soon as the deploy ends). */
    @WithDefault("30M")
    Duration maintenanceWindow();

    /** How long a new version is watched after the switch (health, restarts, the storefront's server errors). */
    @WithDefault("60S")
    Duration watch();

    /**
     * The share of a new storefront's GETs, or of its POSTs, that may fail with a server error (5xx)
     * during the watch before it is rolled back (at least 3 errors; 100 only when every one fails).
     */
    @WithDefault("5")
    int watchMaxErrorPercent();

    /** How long the old storefront gets to finish its requests after the switch. */
    @WithDefault("30S")
    Duration stopGrace();

    /** Images kept per service (the running one included). */
    @WithDefault("3")
    int keepImages();

    /** Free space Docker's data directory must have before a pull, in MB. */
    @WithDefault("1024")
    long minFreeDiskMb();

    String internalApiToken();

    String backupAgentUrl();

    String monitorUrl();

    String notifierUrl();

    Optional<String> developerEmail();
}
