package com.allthemuchbakeshop.backupagent.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-02T09:30:00Z");
    private final RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(30), 7);

    private static RetentionPolicy.Candidate daysAgo(int days, boolean verified) {
        return new RetentionPolicy.Candidate("d" + days, NOW.minus(Duration.ofDays(days)), verified);
    }

    @Test
    void keepsTheThirtyDayWindowAndDeletesWhatIsOlder() {
        List<RetentionPolicy.Candidate> all = new ArrayList<>();
        for (int d = 0; d <= 40; d++) {
            all.add(daysAgo(d, true));
        }
        Set<String> gone = new TreeSet<>(policy.toDelete(all, false, NOW));
        Set<String> expected = new TreeSet<>();
        for (int d = 31; d <= 40; d++) {
            expected.add("d" + d);
        }
        assertEquals(expected, gone);
    }

    @Test
    void keepsTheNewestSevenVerifiedWhateverTheirAge() {
        List<RetentionPolicy.Candidate> all = new ArrayList<>();
        for (int d = 50; d <= 60; d++) {
            all.add(daysAgo(d, d % 2 == 0)); // 50, 52, ... verified; 51, 53, ... not
        }
        Set<String> gone = policy.toDelete(all, false, NOW);
        for (int d : new int[] {50, 52, 54, 56, 58, 60}) {
            assertTrue(!gone.contains("d" + d), "verified d" + d + " must be kept (only six verified exist)");
        }
        for (int d : new int[] {51, 53, 55, 57, 59}) {
            assertTrue(gone.contains("d" + d), "unverified old d" + d + " goes");
        }
    }

    @Test
    void deletesNothingWhenTheNewestAttemptFailed() {
        List<RetentionPolicy.Candidate> all = new ArrayList<>();
        for (int d = 0; d <= 90; d += 5) {
            all.add(daysAgo(d, true));
        }
        assertEquals(Set.of(), policy.toDelete(all, true, NOW));
        assertEquals(12, policy.toDelete(all, false, NOW).size()); // 35 .. 90 (the newest 7 are all inside 30 days)
    }
}
