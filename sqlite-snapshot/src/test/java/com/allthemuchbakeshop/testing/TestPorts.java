package com.allthemuchbakeshop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Ports for the servers a test starts (a child process, an SMTP or SFTP server), chosen so that
 * nothing else can take one between the moment it is chosen and the moment the server binds it.
 *
 * <p>A port from {@code new ServerSocket(0)} lies in the kernel's ephemeral range
 * ({@code net.ipv4.ip_local_port_range}): once that socket is closed, any {@code bind(0)} or
 * outgoing connection on the machine may be handed the same number before the child binds it.
 * These ports come from below that range instead, where the kernel never hands out a port by
 * itself, in a block of {@value #BLOCK} that this JVM holds alone (a lock file per block, kept
 * until the JVM exits), and each is checked free (nothing bound on it at any address) before it
 * is given out.
 */
public final class TestPorts {

    /** Ports per JVM: far more than any test module starts. */
    static final int BLOCK = 100;
    /** The lowest port used: above the well-known and registered ports our services and tools use (8000–8084, 18080–18500). */
    static final int FLOOR = 20000;
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "bakeshop-test-ports");

    private static int next;
    private static int end;
    @SuppressWarnings("unused") // held for the JVM's lifetime: the lock is the block's ownership
    private static FileChannel owner;

    private TestPorts() {
    }

    /** A free TCP port, outside the ephemeral range, not given out before in this JVM. */
    public static synchronized int next() {
        if (owner == null) {
            claimBlock();
        }
        while (next < end) {
            int port = next++;
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("all " + BLOCK + " test ports of this JVM's block are used up or busy (up to " + end + ")");
    }

    /** The ports below the ephemeral range, [FLOOR, its low end), in blocks; this JVM takes the first one no other holds. */
    private static void claimBlock() {
        int low = ephemeralLow(RANGE);
        int blocks = (low - FLOOR) / BLOCK;
        if (blocks < 1) {
            throw new IllegalStateException("no test ports below the ephemeral range: " + RANGE + " starts at " + low
                    + "; the tests need it to start above " + (FLOOR + BLOCK) + " (Linux's default is 32768)");
        }
        try {
            Files.createDirectories(LOCKS);
            // Start where this JVM's pid points, so JVMs started together rarely try the same lock first.
            int first = (int) (ProcessHandle.current().pid() % blocks);
            for (int i = 0; i < blocks; i++) {
                int block = (first + i) % blocks;
                FileChannel channel = FileChannel.open(LOCKS.resolve(block + ".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException heldHere) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    continue;
                }
                owner = channel;
                next = FLOOR + block * BLOCK;
                end = next + BLOCK;
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not claim a block of test ports in " + LOCKS, e);
        }
        throw new IllegalStateException("every block of test ports in " + LOCKS + " is held by another JVM");
    }

    /** The low end of the kernel's ephemeral port range. */
    static int ephemeralLow(Path range) {
        try {
            // Line by line: procfs files report a size of 0, and a read by size can come back short.
            String[] bounds = Files.readAllLines(range).get(0).trim().split("\\s+");
            return Integer.parseInt(bounds[0]);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the ephemeral port range from " + range + ": " + e, e);
        }
    }

    /** Nothing is bound to the port, on any address (no SO_REUSEADDR: a port in TIME_WAIT counts as busy too). */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException busy) {
            return false;
        }
    }
}
