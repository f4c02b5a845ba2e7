package com.allthemuchbakeshop.snapshot;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * {@code POST /api/snapshot} of a service that owns a database, for the backup-agent: needs
 * "Authorization: Bearer INTERNAL_API_TOKEN" (the edge proxy never forwards {@code /api/*}), answers
 * the snapshot file itself, streamed from disk, with its name, size, SHA-256 and time in headers,
 * and deletes it once sent. One snapshot is taken at a time (a second caller waits up to a minute,
 * then gets 503); each has its own file, so sending one never races the next. A failure answers
 * 500 with the reason as JSON. A plain Vert.x route ahead of the service's REST resources: it is
 * no form, so no CSRF token applies, and no body is read.
 */
public final class SnapshotRoute {

    public static final String PATH = "/api/snapshot";
    public static final String MEDIA_TYPE = "application/vnd.sqlite3";
    public static final String DATABASE = "X-Snapshot-Database";
    public static final String SHA256 = "X-Snapshot-Sha256";
    public static final String BYTES = "X-Snapshot-Bytes";
    public static final String TAKEN_AT = "X-Snapshot-Taken-At";

    private final DataSource db;
    private final Path folder;
    private final String name;
    private final byte[] expected;
    private final Clock clock;
    private final ReentrantLock one = new ReentrantLock(true);

    private SnapshotRoute(DataSource db, Path folder, String name, String token, Clock clock) {
        this.db = db;
        this.folder = folder;
        this.name = name;
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /**
     * Adds the route. @param folder the service's own snapshot folder, on the same filesystem as
     * its database; @param name the database's file name, e.g. storefront.db
     */
    public static void register(Router router, DataSource db, Path folder, String name, String token, Clock clock) {
        SnapshotRoute route = new SnapshotRoute(db, folder, name, token, clock);
        router.post(PATH).order(-10).blockingHandler(route::handle, false);
    }

    private void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (!MessageDigest.isEqual((header == null ? "" : header).getBytes(StandardCharsets.UTF_8), expected)) {
            problem(ctx, 401, "missing or wrong internal API token");
            return;
        }
        try {
            if (!one.tryLock(60, TimeUnit.SECONDS)) {
                problem(ctx, 503, "another snapshot of " + name + " is being taken; try again in a minute");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(ctx, 503, "interrupted while waiting for another snapshot of " + name);
            return;
        }
        SqliteSnapshot.Taken taken;
        try (Connection c = db.getConnection()) {
            taken = SqliteSnapshot.take(c, folder, name, clock.instant());
        } catch (SqliteSnapshot.Failed | SQLException e) {
            problem(ctx, 500, e.getMessage());
            return;
        } finally {
            one.unlock();
        }
        ctx.response()
                .putHeader("Content-Type", MEDIA_TYPE)
                .putHeader(DATABASE, name)
                .putHeader(BYTES, String.valueOf(taken.bytes()))
                .putHeader(SHA256, taken.sha256())
                .putHeader(TAKEN_AT, taken.takenAt().toString())
                .sendFile(taken.file().toString())
                .onComplete(sent -> {
                    try {
                        Files.deleteIfExists(taken.file());
                    } catch (IOException ignored) {
                        // removed as a leftover by a later snapshot
                    }
                });
    }

    private static void problem(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("message", message).encode());
    }
}
