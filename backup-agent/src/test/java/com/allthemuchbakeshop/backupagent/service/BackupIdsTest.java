package com.allthemuchbakeshop.backupagent.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupIdsTest {

    @Test
    void namesAreUtcTimestampsWithTheReasonAndParseBack() {
        Instant at = Instant.parse("2026-12-02T03:30:07.123Z");
        String id = BackupIds.of(at, "nightly");
        assertEquals("bakeshop-20261202T033007Z-nightly", id);
        assertEquals(Instant.parse("2026-12-02T03:30:07Z"), BackupIds.takenAt(id).orElseThrow());
        assertEquals("nightly", BackupIds.reason(id));
        assertTrue(BackupIds.takenAt("bakeshop-2026-nightly").isEmpty());
        assertTrue(BackupIds.takenAt("../bakeshop-20261202T033007Z-x").isEmpty());
    }

    @Test
    void everyRcloneExitCodeHasAPlainMeaning() {
        assertTrue(Rclone.meaning(10).contains("BACKUP_MAX_DURATION"));
        assertTrue(Rclone.meaning(1).contains("1.60"));
        assertTrue(Rclone.meaning(2).contains("usage"));
        assertTrue(Rclone.meaning(7).contains("fatal"));
        assertTrue(Rclone.meaning(5).contains("temporary"));
    }
}
