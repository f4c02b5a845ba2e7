package com.allthemuchbakeshop.monitoragent.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The website check and the backup freshness check over real HTTP, against a small server that
 * answers as each case needs: a 500, a page that never comes (timeout), a public address that
 * fails while the inside answers (Cloudflare's 530), and the backup-agent's status API (whose
 * real answers cannot be 26 hours old in a test).
 */
class SiteAndBackupsTest {

    private HttpServer server;
    private volatile String latest = "";

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/ok/", ex -> answer(ex, 200, "<h1>Menu</h1>"));
        server.createContext("/broken/", ex -> answer(ex, 500, "Internal Server Error"));
        server.createContext("/cloudflare/", ex -> answer(ex, 530, "error code: 1033"));
        server.createContext("/slow/", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200, "late");
        });
        server.createContext("/agent/api/backups/latest", ex -> {
            boolean authorised = "Bearer t0ken".equals(ex.getRequestHeaders().getFirst("Authorization"));
            if (!authorised) {
                answer(ex, 401, "{}");
            } else if (latest.isEmpty()) {
                answer(ex, 404, "{\"message\":\"no backup has been taken yet\"}");
            } else {
                answer(ex, 200, latest);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private Site site(String storefront, String edge, String publicUrl) {
        return new Site(url(storefront), url(edge), Optional.ofNullable(publicUrl).map(this::url), Duration.ofSeconds(1));
    }

    @Test
    void allAnsweringIsUpWithTheTimes() {
        Observation o = site("/ok", "/ok", "/ok").check(null);
        assertTrue(o.ok(), o.summary());
        assertTrue(o.summary().matches("answering \\(\\d+ ms inside, \\d+ ms through the edge, \\d+ ms public\\)"), o.summary());
    }

    @Test
    void aStorefrontAnswering500IsASiteProblem() {
        Observation o = site("/broken", "/broken", "/broken").check(null);
        assertFalse(o.ok());
        assertEquals(Site.Cause.SITE, Site.causeOf(o.summary()));
        assertTrue(o.detail().contains("answered HTTP 500"), o.detail());
    }

    @Test
    void aPageThatNeverComesFailsAtTheTimeLimit() {
        long t = System.nanoTime();
        Observation o = site("/slow", "/ok", null).check(null);
        assertFalse(o.ok());
        assertTrue(o.detail().contains("no answer within 1 s"), o.detail());
        assertTrue(System.nanoTime() - t < 2_900_000_000L, "did not wait for the slow page");
    }

    @Test
    void publicFailingWhileInsideAnswersIsATunnelProblemInOneObservation() {
        Observation o = site("/ok", "/ok", "/cloudflare").check("Up 3 hours (unhealthy)");
        assertFalse(o.ok());
        assertEquals(Site.Cause.TUNNEL, Site.causeOf(o.summary()));
        assertTrue(o.detail().contains("answered HTTP 530") && o.detail().contains("cloudflared: Up 3 hours (unhealthy)"), o.detail());
        assertEquals(Site.Cause.EDGE, Site.causeOf(site("/ok", "/broken", "/cloudflare").check(null).summary()));
    }

    @Test
    void noVerifiedBackupFor26HoursIsAnAlertAndAFreshOneIsNot() {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        Backups backups = new Backups(url("/agent"), "t0ken", Duration.ofHours(26), Duration.ofSeconds(2));
        latest = "{\"latest\":{\"id\":\"bakeshop-20261203T093000Z-nightly\",\"status\":\"not-uploaded\",\"error\":\"Drive refused\"},"
                + "\"latestVerified\":{\"verifiedAt\":\"2026-12-03T10:30:00Z\"}}";
        Observation fresh = backups.check(now, now.minus(Duration.ofDays(30)));
        assertTrue(fresh.ok(), fresh.summary());
        assertEquals("last verified backup 25 h ago", fresh.summary());
        latest = latest.replace("2026-12-03T10:30:00Z", "2026-12-03T08:00:00Z");
        Observation stale = backups.check(now, now.minus(Duration.ofDays(30)));
        assertFalse(stale.ok());
        assertEquals("no verified backup for 28 h (the limit is 26 h)", stale.summary());
        assertTrue(stale.detail().contains("not-uploaded: Drive refused"), stale.detail());

        // Before the first backup the limit counts from when monitoring began.
        latest = "";
        assertTrue(backups.check(now, now.minus(Duration.ofHours(3))).ok());
        assertFalse(backups.check(now, now.minus(Duration.ofHours(27))).ok());
        // A wrong token is a failure that says so.
        Observation refused = new Backups(url("/agent"), "wrong", Duration.ofHours(26), Duration.ofSeconds(2))
                .check(now, now.minus(Duration.ofHours(3)));
        assertFalse(refused.ok());
        assertTrue(refused.summary().contains("HTTP 401"), refused.summary());
    }
}
