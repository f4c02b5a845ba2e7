package com.allthemuchbakeshop.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot contract on a real SQLite database in WAL mode, written to while it is copied. */
class SqliteSnapshotTest {

    @TempDir
    Path tmp;

    private static Connection open(Path db) throws Exception {
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + db + "?journal_mode=WAL&synchronous=FULL&busy_timeout=5000", new Properties());
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aBusyWalDatabaseIsCopiedConsistentlyIntoOneSelfContainedFile() throws Exception {
        Path db = tmp.resolve("live.db");
        AtomicLong written = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try (Connection live = open(db); Connection writer = open(db)) {
            try (Statement st = live.createStatement()) {
                st.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)");
                st.execute("CREATE TABLE total (sum INTEGER NOT NULL)");
                st.execute("INSERT INTO total VALUES (0)");
            }
            // Each transaction adds a row and keeps the total equal to the rows' sum: a torn copy breaks that.
            Thread busy = new Thread(() -> {
                try (Statement st = writer.createStatement()) {
                    while (!stop.get()) {
                        writer.setAutoCommit(false);
                        st.execute("INSERT INTO ledger (amount) VALUES (7)");
                        st.execute("UPDATE total SET sum = sum + 7");
                        writer.commit();
                        writer.setAutoCommit(true);
                        written.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            busy.start();
            while (written.get() < 200) {
                Thread.sleep(5);
            }
            SqliteSnapshot.Taken taken = SqliteSnapshot.take(live, tmp.resolve("snapshots"), "live.db", Instant.now());
            stop.set(true);
            busy.join();

            assertTrue(Files.exists(taken.file()));
            assertEquals(Files.size(taken.file()), taken.bytes());
            assertEquals(SqliteSnapshot.sha256(taken.file()), taken.sha256());
            assertFalse(Files.exists(Path.of(taken.file() + "-wal")), "nothing beside it is needed");
            try (Stream<Path> files = Files.list(tmp.resolve("snapshots"))) {
                assertEquals(List.of(taken.file()), files.toList(), "no temporary file left behind");
            }
            // A copy of the file alone opens, is sound, and is one moment of the database.
            Path alone = Files.copy(taken.file(), tmp.resolve("restored.db"));
            try (Connection copy = new org.sqlite.JDBC().connect("jdbc:sqlite:" + alone, new Properties());
                    Statement st = copy.createStatement()) {
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    assertEquals("delete", rs.getString(1));
                }
                long rows = count(copy, "SELECT COUNT(*) FROM ledger");
                assertTrue(rows >= 200 && rows <= written.get(), rows + " rows of " + written.get());
                assertEquals(rows * 7, count(copy, "SELECT sum FROM total"), "the total matches the rows: no torn copy");
            }
            SqliteSnapshot.Taken second = SqliteSnapshot.take(live, tmp.resolve("snapshots"), "live.db", Instant.now());
            assertNotEquals(taken.file(), second.file(), "each snapshot has its own file");
        }
    }

    @Test
    void aDamagedDatabaseIsRefusedWithTheReason() throws Exception {
        Path db = tmp.resolve("damaged.db");
        try (Connection c = open(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (v TEXT)");
            for (int i = 0; i < 500; i++) {
                st.execute("INSERT INTO t VALUES ('" + "x".repeat(200) + i + "')");
            }
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(4096 * 3);
            f.write(new byte[4096 * 4]); // zero out table pages
        }
        try (Connection c = open(db)) {
            SqliteSnapshot.Failed failed = assertThrows(SqliteSnapshot.Failed.class,
                    () -> SqliteSnapshot.take(c, tmp.resolve("snapshots"), "damaged.db", Instant.now()));
            assertTrue(failed.getMessage().contains("damaged.db"), failed.getMessage());
        }
        try (Stream<Path> files = Files.list(tmp.resolve("snapshots"))) {
            assertEquals(0, files.count(), "no half snapshot is left to be mistaken for a good one");
        }
    }

    @Test
    void leftoversOlderThanTheCutOffAreRemovedFreshOnesKept() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("snapshots"));
        Path old = Files.writeString(folder.resolve("a.snapshot"), "old");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(7200)));
        Path fresh = Files.writeString(folder.resolve("b.snapshot"), "being sent");
        SqliteSnapshot.removeLeftovers(folder, Instant.now().minus(SqliteSnapshot.LEFTOVER_AFTER));
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(fresh), "a snapshot still being sent is not removed");
    }
}
