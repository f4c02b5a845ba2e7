package com.allthemuchbakeshop.monitoragent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the monitor-agent checks, how often, and whom it tells. Every value is in .env.example. */
@ConfigMapping(prefix = "monitor")
public interface MonitorConfig {

    /** Time between check rounds while everything is up (MONITOR_INTERVAL; at most 5 minutes). */
    @WithDefault("60S")
    Duration interval();

    /** Time between rounds while something is failing or coming back (MONITOR_RETRY_INTERVAL). */
    @WithDefault("10S")
    Duration retryInterval();

    /** Failed checks in a row before a check is down and people are told (MONITOR_FAILURES_BEFORE_DOWN). */
    @WithDefault("2")
    int failuresBeforeDown();

    /** Passed checks in a row before a down check counts as back (MONITOR_SUCCESSES_BEFORE_UP). */
    @WithDefault("2")
    int successesBeforeUp();

    /** How often a check that stays down is reminded of (MONITOR_REMINDER_INTERVAL). */
    @WithDefault("3H")
    Duration reminderInterval();

    /**
     * Nothing is told in the first minutes after the agent starts (MONITOR_STARTUP_GRACE): the
     * services it watches start beside it. What is still wrong afterwards is told then.
     */
    @WithDefault("2M")
    Duration startupGrace();

    /** The agent's own volume: its SQLite history and state. */
    Path dataDir();

    /** The read-only Docker API (DOCKER_HOST, e.g. tcp://docker-ro:2375); none: containers are not checked. */
    Optional<String> dockerHost();

    /** The compose project whose containers are watched; by default the agent's own. */
    Optional<String> composeProject();

    /** The compose services whose containers are watched (those that exist). */
    @WithDefault("edge,storefront,notifier,backup-agent,docker-ro,deploy-hook,cloudflared")
    List<String> services();

    /** This many deaths of one container within crashLoopWindow is a crash loop. */
    @WithDefault("3")
    int crashLoopDeaths();

    @WithDefault("10M")
    Duration crashLoopWindow();

    /** The storefront inside the network. */
    @WithDefault("http://storefront:8080")
    String storefrontUrl();

    /** The site through the edge proxy. */
    @WithDefault("http://edge:8000")
    String edgeUrl();

    /** The public address through Cloudflare (MONITOR_PUBLIC_URL; none: not checked). */
    Optional<String> publicUrl();

    /** How long an HTTP check may take before it counts as failed. */
    @WithDefault("10S")
    Duration httpTimeout();

    /** The backup-agent, for backup freshness. */
    @WithDefault("http://backup-agent:8082")
    String backupAgentUrl();

    /** No verified backup for this long is an alert (MONITOR_BACKUP_MAX_AGE). */
    @WithDefault("26H")
    Duration backupMaxAge();

    /** Disk use of the data filesystem that is an alert, in percent (MONITOR_DISK_WARN_PERCENT); back below it minus 5. */
    @WithDefault("85")
    int diskWarnPercent();

    /** The filesystem whose space is checked: the Docker volumes' (the agent's own volume lies on it). */
    Optional<Path> diskPath();

    /** Shared token of the internal APIs (INTERNAL_API_TOKEN). */
    String internalApiToken();

    /** The notifier, through which every alert goes first. */
    @WithDefault("http://notifier:8081")
    String notifierUrl();

    /** smtp: when the notifier cannot take an alert, it is sent straight over SMTP; local: only logged. */
    @WithDefault("smtp")
    String fallbackDelivery();

    /** The owner (plain words about the website) and the developer (everything); the developer defaults to the owner. */
    String ownerEmail();

    /** The owner's text channel (OWNER_TEXT_CHANNEL): with email-gateway, the fallback also texts OWNER_SMS_GATEWAY. */
    @WithDefault("none")
    String ownerTextChannel();

    Optional<String> ownerSmsGateway();

    Optional<String> developerEmail();

    /** The site's public address, named in the owner's messages. */
    @WithDefault("http://localhost:8080")
    String siteUrl();

    /** The bakery's name, on the status page. */
    @WithDefault("All the Much Bake Shop")
    String bakeryName();

    /** The bakery's time zone, for the times in messages. */
    @WithDefault("America/Chicago")
    String timeZone();

    /** Pinged every round (healthchecks.io style; URL/fail while the website is down): MONITOR_HEARTBEAT_URL. */
    Optional<String> heartbeatUrl();

    /** How long raw results are kept. */
    @WithDefault("48H")
    Duration keepRaw();
}
