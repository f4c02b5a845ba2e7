package com.allthemuchbakeshop.notifier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import com.allthemuchbakeshop.snapshot.SnapshotRoute;
import com.allthemuchbakeshop.snapshot.SqliteSnapshot;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup-agent's snapshot of the outbox: only with the internal token, a sound copy holding what was accepted. */
@QuarkusTest
@QuarkusTestResource(SmtpServer.class)
class SnapshotApiTest {

    @Inject
    NotifierConfig config;

    @TempDir
    Path tmp;

    @Test
    void theSnapshotNeedsTheTokenAndHoldsWhatWasAccepted() throws Exception {
        assertEquals(202, NotificationApiTest.post("alert", "snapshot-test-alert",
                java.util.Map.of("subject", "Backup me", "message", "kept in the outbox")).statusCode());
        assertEquals(401, given().post("/api/snapshot").statusCode());

        Response snapshot = given().header("Authorization", NotificationApiTest.TOKEN).post("/api/snapshot");
        assertEquals(200, snapshot.statusCode(), snapshot.asString());
        assertEquals("notifier.db", snapshot.getHeader(SnapshotRoute.DATABASE));
        Path copy = tmp.resolve("notifier.db");
        Files.write(copy, snapshot.asByteArray());
        assertEquals(snapshot.getHeader(SnapshotRoute.SHA256), SqliteSnapshot.sha256(copy));
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + copy, new Properties());
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM notification WHERE idempotency_key = ?")) {
            ps.setString(1, "snapshot-test-alert");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the accepted notification is in the snapshot");
            }
        }
        Path folder = config.dataDir().resolve("snapshots");
        long left = -1;
        for (int i = 0; i < 50 && left != 0; i++) { // deleted just after the last byte is written
            Thread.sleep(i == 0 ? 0 : 100);
            try (Stream<Path> files = Files.list(folder)) {
                left = files.count();
            }
        }
        assertEquals(0, left, "the snapshot is deleted once sent");
    }
}
