package com.allthemuchbakeshop.backupagent.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The nightly backup, at backup.schedule in the bakery's time zone. */
@ApplicationScoped
public class NightlyBackup {

    private static final Logger LOG = Logger.getLogger(NightlyBackup.class);

    private final BackupService backups;

    NightlyBackup(BackupService backups) {
        this.backups = backups;
    }

    @Scheduled(identity = "nightly-backup", cron = "${backup.schedule}", timeZone = "${bakery.time-zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            backups.backup("nightly");
        } catch (BackupService.Busy e) {
            LOG.warnf("The nightly backup did not run: %s", e.getMessage());
        }
    }
}
