package com.allthemuchbakeshop.deployhook.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The deploy history (deploy-hook.db in the hook's volume; backed up through the snapshot
 * contract): every deploy and rollback with who asked, which commit, the image before and after
 * (reference and image ID), how long it took, how it ended, and its log. One connection used
 * under this object's lock: the hook is its only user.
 */
public class History implements AutoCloseable {

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String ROLLED_BACK = "rolled-back";
    public static final String FAILED = "failed";

    /** One deploy (kind "deploy") or rollback (kind "rollback"). */
    public record Deploy(long id, String kind, String service, String image, String imageId, String previousImage,
            String previousImageId, String commit, String actor, String state, String message, Instant startedAt,
            Instant finishedAt, Long secondsToLive) {
    }

    /** Log lines after a given line number, and whether the deploy has finished. */
    public record LogPage(List<String> lines, int next, boolean finished, String state) {
    }

    private final Connection db;
    private final org.sqlite.SQLiteDataSource dataSource = new org.sqlite.SQLiteDataSource();

    public History(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            String url = "jdbc:sqlite:" + dataDir.resolve("deploy-hook.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=5000";
            dataSource.setUrl(url);
            db = new org.sqlite.JDBC().connect(url, new Properties());
            try (Statement st = db.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS deploy (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
                        + " service TEXT NOT NULL, image TEXT NOT NULL, image_id TEXT, previous_image TEXT, previous_image_id TEXT,"
                        + " commit_sha TEXT NOT NULL, actor TEXT NOT NULL, state TEXT NOT NULL, message TEXT NOT NULL,"
                        + " started_at INTEGER NOT NULL, finished_at INTEGER, seconds_to_live INTEGER)");
                st.execute("CREATE TABLE IF NOT EXISTS deploy_log (deploy_id INTEGER NOT NULL, n INTEGER NOT NULL,"
                        + " line TEXT NOT NULL, PRIMARY KEY (deploy_id, n))");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("the deploy history in " + dataDir + " cannot be opened: " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public synchronized long start(String kind, String service, String image, String commit, String actor, Instant at) {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO deploy (kind, service, image, commit_sha, actor, state, message,"
                + " started_at) VALUES (?, ?, ?, ?, ?, 'running', '', ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, kind);
            ps.setString(2, service);
            ps.setString(3, image);
            ps.setString(4, commit);
            ps.setString(5, actor);
            ps.setLong(6, at.toEpochMilli());
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void images(long id, String imageId, String previousImage, String previousImageId) {
        update("UPDATE deploy SET image_id = ?, previous_image = ?, previous_image_id = ? WHERE id = ?", imageId, previousImage,
                previousImageId, id);
    }

    public synchronized void finish(long id, String state, String message, Instant at, Long secondsToLive) {
        update("UPDATE deploy SET state = ?, message = ?, finished_at = ?, seconds_to_live = ? WHERE id = ?", state, message,
                at.toEpochMilli(), secondsToLive, id);
    }

    /** A hook restarted in the middle of a deploy: that deploy ended there (the log says what was done). */
    public synchronized int interruptRunning(Instant at) {
        try (PreparedStatement ps = db.prepareStatement("UPDATE deploy SET state = 'failed', message = 'the deploy-hook restarted"
                + " in the middle of it: check the service (bakeshop status) and deploy again', finished_at = ? WHERE state = 'running'")) {
            ps.setLong(1, at.toEpochMilli());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void log(long id, String line) {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO deploy_log (deploy_id, n, line) VALUES (?,"
                + " (SELECT COALESCE(MAX(n), 0) + 1 FROM deploy_log WHERE deploy_id = ?), ?)")) {
            ps.setLong(1, id);
            ps.setLong(2, id);
            ps.setString(3, line);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        notifyAll();
    }

    /** Lines after line `after`; waits up to waitMillis for one when there is none yet and the deploy runs. */
    public synchronized LogPage log(long id, int after, long waitMillis) throws InterruptedException {
        long until = System.currentTimeMillis() + waitMillis;
        while (true) {
            List<String> lines = new ArrayList<>();
            int next = after;
            try (PreparedStatement ps = db.prepareStatement("SELECT n, line FROM deploy_log WHERE deploy_id = ? AND n > ? ORDER BY n LIMIT 1000")) {
                ps.setLong(1, id);
                ps.setInt(2, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        next = rs.getInt(1);
                        lines.add(rs.getString(2));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            String state = find(id).map(Deploy::state).orElse(FAILED);
            boolean finished = !RUNNING.equals(state);
            long left = until - System.currentTimeMillis();
            if (!lines.isEmpty() || finished || left <= 0) {
                return new LogPage(lines, next, finished && lines.size() < 1000, state);
            }
            wait(left);
        }
    }

    public synchronized void wake() {
        notifyAll();
    }

    public synchronized Optional<Deploy> find(long id) {
        List<Deploy> l = query("SELECT * FROM deploy WHERE id = ?", id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    public synchronized List<Deploy> recent(int limit) {
        return query("SELECT * FROM deploy ORDER BY id DESC LIMIT ?", limit);
    }

    /**
     * The last deploy of the service that went live, stayed, and changed its image: what a rollback
     * goes back from. A deploy of the image it already ran (a changed setting) is passed over, so
     * a rollback after it still goes back to the version before.
     */
    public synchronized Optional<Deploy> lastImageChange(String service) {
        List<Deploy> l = query("SELECT * FROM deploy WHERE service = ? AND state = 'succeeded' AND previous_image IS NOT NULL"
                + " AND (image_id IS NULL OR previous_image_id IS NULL OR image_id <> previous_image_id) ORDER BY id DESC LIMIT 1", service);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        notifyAll();
    }

    private List<Deploy> query(String sql, Object... args) {
        List<Deploy> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long finished = rs.getLong("finished_at");
                    boolean hasFinished = !rs.wasNull();
                    long live = rs.getLong("seconds_to_live");
                    boolean hasLive = !rs.wasNull();
                    out.add(new Deploy(rs.getLong("id"), rs.getString("kind"), rs.getString("service"), rs.getString("image"),
                            rs.getString("image_id"), rs.getString("previous_image"), rs.getString("previous_image_id"),
                            rs.getString("commit_sha"), rs.getString("actor"), rs.getString("state"), rs.getString("message"),
                            Instant.ofEpochMilli(rs.getLong("started_at")), hasFinished ? Instant.ofEpochMilli(finished) : null,
                            hasLive ? live : null));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (args[i] instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (args[i] instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, args[i].toString());
            }
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
