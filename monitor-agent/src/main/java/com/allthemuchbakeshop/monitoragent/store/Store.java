package com.allthemuchbakeshop.monitoragent.store;

import com.allthemuchbakeshop.monitoragent.check.Observation;
import com.allthemuchbakeshop.monitoragent.check.Tracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The agent's SQLite database (monitor.db in its volume): each check's alerting state (so a
 * restarted agent carries on an incident instead of announcing it again), the raw results of
 * every round (kept for monitor.keep-raw), maintenance windows, and a few facts. One connection,
 * used under this object's lock: the agent is its only user.
 */
public class Store implements AutoCloseable {

    /** A maintenance window: no alerts between startsAt and endsAt. */
    public record Maintenance(long id, Instant startsAt, Instant endsAt, String reason) {
    }

    private final Connection db;
    private final org.sqlite.SQLiteDataSource dataSource = new org.sqlite.SQLiteDataSource();

    public Store(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            String url = "jdbc:sqlite:" + dataDir.resolve("monitor.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=5000";
            dataSource.setUrl(url);
            db = new org.sqlite.JDBC().connect(url, new Properties());
            try (Statement st = db.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS check_state (key TEXT PRIMARY KEY, name TEXT NOT NULL, audience TEXT NOT NULL,"
                        + " status TEXT NOT NULL, fails INTEGER NOT NULL, oks INTEGER NOT NULL, since INTEGER NOT NULL,"
                        + " alerted INTEGER NOT NULL, last_notice_at INTEGER, summary TEXT NOT NULL, detail TEXT NOT NULL,"
                        + " checked_at INTEGER NOT NULL, failing_since INTEGER)");
                if (!columns(st, "check_state").contains("failing_since")) { // a database from before that column
                    st.execute("ALTER TABLE check_state ADD COLUMN failing_since INTEGER");
                }
                st.execute("CREATE TABLE IF NOT EXISTS result (at INTEGER NOT NULL, key TEXT NOT NULL, ok INTEGER NOT NULL,"
                        + " millis INTEGER NOT NULL, value REAL)");
                st.execute("CREATE INDEX IF NOT EXISTS result_key_at ON result (key, at)");
                st.execute("CREATE TABLE IF NOT EXISTS maintenance (id INTEGER PRIMARY KEY AUTOINCREMENT, starts_at INTEGER NOT NULL,"
                        + " ends_at INTEGER NOT NULL, reason TEXT NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS fact (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
                // Rollups: per hour for 90 days, per day (UTC) for 2 years; ms_* only from timed checks.
                for (String table : List.of("hourly", "daily")) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + table + " (key TEXT NOT NULL, at INTEGER NOT NULL, checks INTEGER NOT NULL,"
                            + " fails INTEGER NOT NULL, ms_sum INTEGER NOT NULL, ms_count INTEGER NOT NULL, ms_max INTEGER NOT NULL,"
                            + " PRIMARY KEY (key, at))");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("the monitor's database in " + dataDir + " cannot be opened: " + e.getMessage(), e);
        }
    }

    private static java.util.Set<String> columns(Statement st, String table) throws SQLException {
        java.util.Set<String> names = new java.util.HashSet<>();
        try (ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    /** Connections of their own to the same database, for the snapshot contract (VACUUM INTO beside the agent's writes). */
    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    public synchronized Map<String, Tracker.State> states() {
        Map<String, Tracker.State> out = new LinkedHashMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM check_state ORDER BY key")) {
            while (rs.next()) {
                long last = rs.getLong("last_notice_at");
                Instant lastNotice = rs.wasNull() ? null : Instant.ofEpochMilli(last);
                out.put(rs.getString("key"), new Tracker.State(rs.getString("key"), rs.getString("name"),
                        Observation.Audience.valueOf(rs.getString("audience")), Tracker.Status.valueOf(rs.getString("status")),
                        rs.getInt("fails"), rs.getInt("oks"), Instant.ofEpochMilli(rs.getLong("since")), rs.getInt("alerted") == 1,
                        lastNotice, rs.getString("summary"), rs.getString("detail"), Instant.ofEpochMilli(rs.getLong("checked_at")),
                        rs.getObject("failing_since") == null ? null : Instant.ofEpochMilli(rs.getLong("failing_since"))));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void save(Tracker.State s) {
        try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO check_state (key, name, audience, status, fails, oks,"
                + " since, alerted, last_notice_at, summary, detail, checked_at, failing_since)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, s.key());
            ps.setString(2, s.name());
            ps.setString(3, s.audience().name());
            ps.setString(4, s.status().name());
            ps.setInt(5, s.fails());
            ps.setInt(6, s.oks());
            ps.setLong(7, s.since().toEpochMilli());
            ps.setInt(8, s.alerted() ? 1 : 0);
            if (s.lastNoticeAt() == null) {
                ps.setNull(9, java.sql.Types.INTEGER);
            } else {
                ps.setLong(9, s.lastNoticeAt().toEpochMilli());
            }
            ps.setString(10, s.summary());
            ps.setString(11, s.detail().length() > 4000 ? s.detail().substring(0, 4000) : s.detail());
            ps.setLong(12, s.checkedAt().toEpochMilli());
            if (s.failingSince() == null) {
                ps.setNull(13, java.sql.Types.INTEGER);
            } else {
                ps.setLong(13, s.failingSince().toEpochMilli());
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The round's results, and raw results older than keepBefore dropped. */
    public synchronized void record(Instant at, List<Observation> round, Map<String, Double> values, Instant keepBefore) {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO result (at, key, ok, millis, value) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement prune = db.prepareStatement("DELETE FROM result WHERE at < ?")) {
            db.setAutoCommit(false);
            for (Observation o : round) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, o.key());
                ps.setInt(3, o.ok() ? 1 : 0);
                ps.setLong(4, o.millis());
                Double v = values.get(o.key());
                if (v == null) {
                    ps.setNull(5, java.sql.Types.REAL);
                } else {
                    ps.setDouble(5, v);
                }
                ps.addBatch();
            }
            ps.executeBatch();
            prune.setLong(1, keepBefore.toEpochMilli());
            prune.executeUpdate();
            try (PreparedStatement drop = db.prepareStatement("DELETE FROM maintenance WHERE ends_at < ?")) {
                drop.setLong(1, at.minus(Duration.ofDays(7)).toEpochMilli()); // windows over for a week
                drop.executeUpdate();
            }
            rollUp("hourly", at.toEpochMilli() / 3_600_000 * 3_600_000, round, at.minus(Duration.ofDays(90)));
            rollUp("daily", at.toEpochMilli() / 86_400_000 * 86_400_000, round, at.minus(Duration.ofDays(730)));
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is broken; the next call says so
            }
        }
    }

    private void rollUp(String table, long bucket, List<Observation> round, Instant dropBefore) throws SQLException {
        try (PreparedStatement up = db.prepareStatement("INSERT INTO " + table + " (key, at, checks, fails, ms_sum, ms_count, ms_max)"
                + " VALUES (?, ?, 1, ?, ?, ?, ?) ON CONFLICT (key, at) DO UPDATE SET checks = checks + 1, fails = fails + excluded.fails,"
                + " ms_sum = ms_sum + excluded.ms_sum, ms_count = ms_count + excluded.ms_count, ms_max = MAX(ms_max, excluded.ms_max)");
                PreparedStatement drop = db.prepareStatement("DELETE FROM " + table + " WHERE at < ?")) {
            for (Observation o : round) {
                boolean timed = o.millis() >= 0;
                up.setString(1, o.key());
                up.setLong(2, bucket);
                up.setInt(3, o.ok() ? 0 : 1);
                up.setLong(4, timed ? o.millis() : 0);
                up.setInt(5, timed ? 1 : 0);
                up.setLong(6, timed ? o.millis() : 0);
                up.addBatch();
            }
            up.executeBatch();
            drop.setLong(1, dropBefore.toEpochMilli());
            drop.executeUpdate();
        }
    }

    /** A rollup bucket: its start, the checks in it, the failed ones, and the mean and worst time of the timed ones. */
    public record Bucket(Instant at, int checks, int fails, long meanMillis, long maxMillis) {
        public double uptime() {
            return checks == 0 ? 1 : (checks - fails) / (double) checks;
        }
    }

    /** A check's hourly or daily rollup since a moment, oldest first. */
    public synchronized List<Bucket> rollup(String key, boolean daily, Instant since) {
        List<Bucket> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT at, checks, fails, ms_sum, ms_count, ms_max FROM "
                + (daily ? "daily" : "hourly") + " WHERE key = ? AND at >= ? ORDER BY at")) {
            ps.setString(1, key);
            ps.setLong(2, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long count = rs.getLong(5);
                    out.add(new Bucket(Instant.ofEpochMilli(rs.getLong(1)), rs.getInt(2), rs.getInt(3),
                            count == 0 ? -1 : rs.getLong(4) / count, count == 0 ? -1 : rs.getLong(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** (time, value) of a check's results since a moment, oldest first: the disk trend. */
    public synchronized List<double[]> values(String key, Instant since) {
        List<double[]> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT at, value FROM result WHERE key = ? AND at >= ? AND value IS NOT NULL"
                + " ORDER BY at")) {
            ps.setString(1, key);
            ps.setLong(2, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new double[] {rs.getLong(1), rs.getDouble(2)});
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized Maintenance addMaintenance(Instant startsAt, Instant endsAt, String reason) {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO maintenance (starts_at, ends_at, reason) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, startsAt.toEpochMilli());
            ps.setLong(2, endsAt.toEpochMilli());
            ps.setString(3, reason);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Maintenance(keys.getLong(1), startsAt, endsAt, reason);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends a window now; false when there is no such window still open. */
    public synchronized boolean endMaintenance(long id, Instant now) {
        try (PreparedStatement ps = db.prepareStatement("UPDATE maintenance SET ends_at = ? WHERE id = ? AND ends_at > ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, id);
            ps.setLong(3, now.toEpochMilli());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Windows not yet over, soonest first. */
    public synchronized List<Maintenance> maintenance(Instant now) {
        List<Maintenance> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT * FROM maintenance WHERE ends_at > ? ORDER BY starts_at")) {
            ps.setLong(1, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Maintenance(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("starts_at")),
                            Instant.ofEpochMilli(rs.getLong("ends_at")), rs.getString("reason")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized Optional<String> fact(String name) {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM fact WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets a fact unless it is set already; returns its value. */
    public synchronized String factOnce(String name, String value) {
        try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO fact (name, value) VALUES (?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return fact(name).orElse(value);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing at shutdown
        }
    }
}
