package com.allthemuchbakeshop.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The snapshot contract: how a service hands the backup-agent a consistent copy of its live
 * SQLite database, never a file copy of a database in WAL mode (which can catch it between a
 * commit and its checkpoint). {@code VACUUM INTO} a temporary name in the service's own snapshot
 * folder (one transaction: a consistent copy however busy the database is), the copy turned into a
 * self-contained file (rollback journal, so it opens without a {@code -wal}), {@code PRAGMA
 * integrity_check} on the copy, flushed to disk, then renamed atomically to its final name. The
 * service streams it to the caller and deletes it.
 */
public final class SqliteSnapshot {

    /** A finished snapshot: the file, its size and SHA-256, and when it was taken. */
    public record Taken(Path file, long bytes, String sha256, Instant takenAt) {
    }

    /** The copy could not be made or is not sound; the message says which, for the backup's log. */
    public static class Failed extends Exception {
        public Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final String TEMPORARY = ".partial";
    private static final String FINISHED = ".snapshot";
    /** A snapshot file older than this was never sent (its caller went away): it is removed. */
    static final java.time.Duration LEFTOVER_AFTER = java.time.Duration.ofHours(1);

    private SqliteSnapshot() {
    }

    /**
     * Takes a snapshot of the database behind {@code live} into {@code folder}, named after
     * {@code name} and unique. Leftovers of snapshots that were cut off (a crash, a caller that went
     * away) are removed first.
     */
    public static Taken take(Connection live, Path folder, String name, Instant now) throws Failed {
        try {
            Files.createDirectories(folder);
            removeLeftovers(folder, now.minus(LEFTOVER_AFTER));
        } catch (IOException e) {
            throw new Failed("could not prepare the snapshot folder " + folder + ": " + e.getMessage(), e);
        }
        String unique = name + "-" + UUID.randomUUID();
        Path partial = folder.resolve(unique + TEMPORARY);
        Path done = folder.resolve(unique + FINISHED);
        try {
            try (Statement st = live.createStatement()) {
                st.execute("VACUUM INTO '" + partial.toAbsolutePath().toString().replace("'", "''") + "'");
            }
            try (Connection copy = new org.sqlite.JDBC().connect("jdbc:sqlite:" + partial.toAbsolutePath(), new java.util.Properties());
                    Statement st = copy.createStatement()) {
                st.execute("PRAGMA journal_mode=DELETE");
                try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                    String result = rs.next() ? rs.getString(1) : "no answer";
                    if (!"ok".equals(result)) {
                        throw new Failed("the snapshot of " + name + " failed its integrity check: " + result, null);
                    }
                }
            }
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Taken(done, Files.size(done), sha256(done), now);
        } catch (SQLException | IOException e) {
            throw new Failed("could not take a snapshot of " + name + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // removed with the leftovers of the next snapshot
            }
        }
    }

    /**
     * Removes the snapshot folder's files last changed before {@code before}: snapshots are streamed
     * once and deleted, so anything that old was cut off. A service calls it with "now" at start-up.
     */
    public static void removeLeftovers(Path folder, Instant before) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(before)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
