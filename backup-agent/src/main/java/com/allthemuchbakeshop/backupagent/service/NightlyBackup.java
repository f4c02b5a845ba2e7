package com.allthemuchbakeshop.backupagent.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The nightly backup and the monthly restore drill, in the bakery's time zone. */
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

    @Scheduled(identity = "restore-drill", cron = "${backup.drill-schedule}", timeZone = "${bakery.time-zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void drill() {
        try {
            backups.drill();
        } catch (BackupService.Busy e) {
            LOG.warnf("The restore drill did not run: %s", e.getMessage());
        }
    }
}
