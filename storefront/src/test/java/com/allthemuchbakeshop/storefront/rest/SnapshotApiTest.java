package com.allthemuchbakeshop.storefront.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.snapshot.SnapshotRoute;
import com.allthemuchbakeshop.snapshot.SqliteSnapshot;
import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup-agent's snapshot of storefront.db: only with the internal token, a sound copy, nothing left behind. */
@QuarkusTest
class SnapshotApiTest {

    static final String TOKEN = "Bearer test-token-0123456789abcdef0123456789abcdef";

    @Inject
    StorefrontConfig config;

    @TempDir
    Path tmp;

    @Test
    void theSnapshotNeedsTheTokenAndHoldsTheOrderJustPlaced() throws Exception {
        FormSession customer = new FormSession();
        customer.open("/order");
        Map<String, String> form = new java.util.LinkedHashMap<>(Map.of("name", "Snap Shot", "email", "snap@example.com",
                "phone", "555 010 7777", "fulfilment", "pickup", "request", "A cake to back up",
                "date", java.time.LocalDate.now(OrderFormTest.BAKERY_ZONE).plusDays(5).toString()));
        Response placed = customer.post("/order", form);
        assertEquals(303, placed.statusCode(), placed.asString());
        String reference = placed.getHeader("Location").replaceAll(".*/", "");

        assertEquals(401, given().post("/api/snapshot").statusCode(), "no token, no snapshot");
        assertEquals(401, given().header("Authorization", "Bearer wrong").post("/api/snapshot").statusCode());

        Response snapshot = given().header("Authorization", TOKEN).post("/api/snapshot");
        assertEquals(200, snapshot.statusCode(), snapshot.asString());
        assertEquals(SnapshotRoute.MEDIA_TYPE, snapshot.getContentType());
        assertEquals("storefront.db", snapshot.getHeader(SnapshotRoute.DATABASE));
        Path copy = tmp.resolve("storefront.db");
        Files.write(copy, snapshot.asByteArray());
        assertEquals(snapshot.getHeader(SnapshotRoute.SHA256), SqliteSnapshot.sha256(copy), "the body is what the header says");
        assertEquals(Long.parseLong(snapshot.getHeader(SnapshotRoute.BYTES)), Files.size(copy));

        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + copy, new Properties())) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertEquals("ok", rs.getString(1));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT request_text FROM customer_order WHERE reference = ?")) {
                ps.setString(1, reference);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "the order placed a moment ago is in the snapshot");
                    assertEquals("A cake to back up", rs.getString(1));
                }
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
