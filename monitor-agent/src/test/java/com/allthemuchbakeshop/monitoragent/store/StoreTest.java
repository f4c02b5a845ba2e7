package com.allthemuchbakeshop.monitoragent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.allthemuchbakeshop.monitoragent.check.Observation;
import com.allthemuchbakeshop.monitoragent.check.Observation.Audience;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history in SQLite: raw results for 48 hours, hourly rollups for 90 days, daily ones for 2 years. */
class StoreTest {

    @TempDir
    Path dir;

    private static Observation site(boolean ok, long ms) {
        return ok ? Observation.ok("site", "the website", Audience.OWNER, "answering", ms)
                : Observation.failed("site", "the website", Audience.OWNER, "site problem", "", ms);
    }

    @Test
    void roundsRollUpPerHourAndPerDayAndOldRowsGo() {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        try (Store store = new Store(dir)) {
            // Two hours of minute rounds on Dec 1: 120 rounds, 6 of them failing, 100 ms or 300 ms.
            for (int m = 0; m < 120; m++) {
                Instant at = start.plus(Duration.ofMinutes(m));
                store.record(at, List.of(site(m % 20 != 0, m < 60 ? 100 : 300)), Map.of("site", (double) m), at.minus(Duration.ofHours(48)));
            }
            assertEquals(120, store.values("site", start.minus(Duration.ofDays(1))).size(), "every raw result kept");
            List<Store.Bucket> hours = store.rollup("site", false, start.minus(Duration.ofDays(1)));
            assertEquals(2, hours.size());
            assertEquals(60, hours.get(0).checks());
            assertEquals(3, hours.get(0).fails());
            assertEquals(100, hours.get(0).meanMillis());
            assertEquals(300, hours.get(1).maxMillis());
            List<Store.Bucket> days = store.rollup("site", true, start.minus(Duration.ofDays(1)));
            assertEquals(1, days.size());
            assertEquals(120, days.get(0).checks());
            assertEquals(0.95, days.get(0).uptime(), 1e-9);
            assertEquals(200, days.get(0).meanMillis());

            // 100 days later: the raw rows and the hourly rollup of Dec 1 are gone, the daily one stays.
            Instant later = start.plus(Duration.ofDays(100));
            store.record(later, List.of(site(true, 50)), Map.of("site", 1.0), later.minus(Duration.ofHours(48)));
            assertEquals(1, store.values("site", start.minus(Duration.ofDays(1))).size(), "raw results older than 48 h are gone");
            assertEquals(1, store.rollup("site", false, start.minus(Duration.ofDays(1))).size(), "only the new hour");
            assertEquals(2, store.rollup("site", true, start.minus(Duration.ofDays(1))).size(), "Dec 1 and the new day");
        }
    }
}
