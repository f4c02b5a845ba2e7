package com.allthemuchbakeshop.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPortsTest {

    @Test
    void portsLieBelowTheEphemeralRangeAreDistinctAndFree() throws Exception {
        int low = TestPorts.ephemeralLow(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int port = TestPorts.next();
            assertTrue(port >= TestPorts.FLOOR && port < low, port + " lies in [" + TestPorts.FLOOR + ", " + low + ")");
            assertTrue(seen.add(port), port + " given out twice");
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress("127.0.0.1", port)); // what a child does with it
            }
        }
        int[] sorted = seen.stream().mapToInt(Integer::intValue).sorted().toArray();
        assertTrue(sorted[sorted.length - 1] - sorted[0] < TestPorts.BLOCK, "all from this JVM's one block");
    }

    @Test
    void aPortSomethingListensOnIsNotFree() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertFalse(TestPorts.isFree(taken.getLocalPort()), "bound on 127.0.0.1 only: still not free");
        }
    }

    @Test
    void theRangeIsReadFromTheKernelsFile(@TempDir Path dir) throws Exception {
        assertEquals(32768, TestPorts.ephemeralLow(Files.writeString(dir.resolve("range"), "32768\t60999\n")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestPorts.ephemeralLow(Files.writeString(dir.resolve("bad"), "")));
        assertTrue(e.getMessage().contains("cannot read the ephemeral port range from " + dir.resolve("bad")), e.getMessage());
    }
}
