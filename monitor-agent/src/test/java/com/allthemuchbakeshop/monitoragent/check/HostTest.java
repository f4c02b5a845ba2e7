package com.allthemuchbakeshop.monitoragent.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disk thresholds with hysteresis, the time-until-full trend, and /proc and thermal readings as the Pi shows them. */
class HostTest {

    @TempDir
    Path dir;

    private final Instant now = Instant.parse("2026-12-04T12:00:00Z");

    private Host host(int warn) {
        return new Host(dir, warn, dir, dir.resolve("temp"));
    }

    @Test
    void diskAlertsAtTheThresholdAndClearsOnlyFivePointsBelowIt() {
        Host h = host(85);
        assertTrue(h.disk(new Host.Space(84.9, 1L << 30, 10L << 30), false, List.of(), now).ok());
        assertFalse(h.disk(new Host.Space(85.0, 1L << 30, 10L << 30), false, List.of(), now).ok());
        assertFalse(h.disk(new Host.Space(82.0, 1L << 30, 10L << 30), true, List.of(), now).ok(), "still failing above 80 %");
        assertTrue(h.disk(new Host.Space(79.9, 1L << 30, 10L << 30), true, List.of(), now).ok(), "cleared below 80 %");
    }

    @Test
    void theTrendSaysWhenTheDiskWillBeFull() {
        // 1 % more every hour for the last 10 hours, now at 70 %.
        List<double[]> history = new ArrayList<>();
        for (int h = 10; h >= 1; h--) {
            history.add(new double[] {now.minus(Duration.ofHours(h)).toEpochMilli(), 70 - h});
        }
        Duration left = Host.trend(history, new Host.Space(70, 3L << 30, 10L << 30), now).orElseThrow();
        assertEquals(30, left.toHours(), "30 % left at 1 % an hour");
        Observation o = host(85).disk(new Host.Space(70, 3L << 30, 10L << 30), false, history, now);
        assertTrue(o.summary().contains("full in about 30 hours"), o.summary());
        // A disk that is not filling has no "full in".
        List<double[]> flat = new ArrayList<>();
        for (int h = 10; h >= 1; h--) {
            flat.add(new double[] {now.minus(Duration.ofHours(h)).toEpochMilli(), 70});
        }
        assertTrue(Host.trend(flat, new Host.Space(70, 3L << 30, 10L << 30), now).isEmpty());
    }

    @Test
    void memoryLoadAndTemperatureAsTheKernelShowsThem() throws Exception {
        Files.writeString(dir.resolve("meminfo"), "MemTotal:        3884328 kB\nMemFree:          100000 kB\nMemAvailable:    1942164 kB\n");
        Files.writeString(dir.resolve("loadavg"), "0.52 0.40 0.31 1/389 12345\n");
        Files.writeString(dir.resolve("temp"), "51540\n");
        Observation fine = host(85).machine();
        assertTrue(fine.ok(), fine.summary());
        assertTrue(fine.summary().contains("memory 50 % available") && fine.summary().contains("CPU 52 °C"), fine.summary());
        Files.writeString(dir.resolve("temp"), "83200\n");
        Files.writeString(dir.resolve("meminfo"), "MemTotal:        3884328 kB\nMemAvailable:     116530 kB\n");
        Observation hot = host(85).machine();
        assertFalse(hot.ok());
        assertTrue(hot.summary().contains("memory nearly gone (3 % available)") && hot.summary().contains("83 °C"), hot.summary());
    }
}
