package com.allthemuchbakeshop.backupagent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What is backed up, where it goes, and how hard the agent tries. Validated at start-up. */
@ConfigMapping(prefix = "backup")
public interface BackupConfig {

    /**
     * Where backups go, as rclone names it (BACKUP_REMOTE): on the Pi the crypt remote over
     * Google Drive, e.g. "bakeshop-crypt:"; in the local mode a plain directory, e.g. /backup-remote.
     */
    String remote();

    /**
     * Further remotes every backup is also copied to, each checked on its own with its own canary
     * (BACKUP_EXTRA_REMOTES, comma-separated), e.g. a crypt remote over an S3-compatible bucket.
     * A failure there is reported and retried next run; it does not make the backup fail.
     */
    Optional<List<String>> extraRemotes();

    /** rclone's configuration file, in a writable place: Drive refreshes its token (BACKUP_RCLONE_CONFIG). */
    Path rcloneConfig();

    /** The rclone program. */
    @WithDefault("rclone")
    String rclone();

    /** Upload bandwidth limit in rclone's syntax, e.g. "2M" or "off" (BACKUP_BANDWIDTH_LIMIT). */
    @WithDefault("off")
    String bandwidthLimit();

    /** The longest one rclone command may run before it is stopped (BACKUP_MAX_DURATION). */
    @WithDefault("2H")
    Duration maxDuration();

    /** Backups younger than this are kept (BACKUP_KEEP_DAYS). */
    @WithDefault("30")
    int keepDays();

    /** The newest this many verified backups are kept whatever their age (BACKUP_KEEP_AT_LEAST). */
    @WithDefault("7")
    int keepAtLeast();

    /** The agent's own volume: the local copy of every backup and its state. */
    Path dataDir();

    /** The photos volume, read-only (the storefront writes it). */
    Path photosDir();

    /** The project directory on the Pi, read-only: .env.production and infra/ (BACKUP_PROJECT_DIR). */
    Path projectDir();

    /** The services that hand over a snapshot of their database (base URLs, POST /api/snapshot). */
    List<String> snapshotSources();

    /** Shared token of the internal APIs (INTERNAL_API_TOKEN). */
    String internalApiToken();

    /** The notifier, which tells the developer when a backup failed (NOTIFIER_URL). */
    String notifierUrl();

    /** The read-only Docker API, for the image of every running service (none: not recorded). */
    Optional<String> dockerUrl();

    /** When the nightly backup runs, as a Quartz-style cron in the bakery's time zone (BACKUP_SCHEDULE). */
    @WithDefault("0 30 3 * * ?")
    String schedule();

    /** When the restore drill runs (BACKUP_DRILL_SCHEDULE); default the 1st of each month at 4:30 am. */
    @WithDefault("0 30 4 1 * ?")
    String drillSchedule();

    /** How long a request waits for a backup that is already running before it is refused. */
    @WithDefault("30M")
    Duration waitForRunning();
}
