package com.allthemuchbakeshop.monitoragent.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A container's memory against its limit: failing from 90 %, solved only under 85 %. */
class ContainerMemoryTest {

    private static final long MB = 1L << 20;

    @Test
    void nearTheLimitFailsAndClearsOnlyWellBelowIt() {
        Observation fine = Containers.memory("storefront", 180 * MB, 256 * MB, 2.5, false);
        assertTrue(fine.ok());
        assertEquals("180 MB of its 256 MB (70 %), CPU 2.5 %", fine.summary());
        Observation near = Containers.memory("storefront", 235 * MB, 256 * MB, 40, false);
        assertFalse(near.ok());
        assertTrue(near.summary().startsWith("near its memory limit: 235 MB of its 256 MB (92 %)"), near.summary());
        assertFalse(Containers.memory("storefront", 222 * MB, 256 * MB, 1, true).ok(), "87 % while failing: still failing");
        assertTrue(Containers.memory("storefront", 222 * MB, 256 * MB, 1, false).ok(), "87 % otherwise: fine");
        assertTrue(Containers.memory("storefront", 215 * MB, 256 * MB, 1, true).ok(), "84 %: solved");
        assertTrue(Containers.memory("storefront", 10 * MB, 0, 1, false).ok(), "no limit known: nothing to say");
    }
}
