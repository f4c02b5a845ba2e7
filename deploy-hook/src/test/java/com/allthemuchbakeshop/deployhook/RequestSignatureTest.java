package com.allthemuchbakeshop.deployhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.deployhook.rest.RequestSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestSignatureTest {

    private static final String SECRET = "s3cret-0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-12-04T15:00:00Z");
    private final RequestSignature check = new RequestSignature(SECRET, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    private final byte[] body = "{\"service\":\"storefront\"}".getBytes(StandardCharsets.UTF_8);

    private Optional<String> send(Instant at, String nonce, String secret, String target, byte[] sentBody) {
        String ts = Long.toString(at.getEpochSecond());
        String sig = RequestSignature.sign(secret.getBytes(StandardCharsets.UTF_8), ts, nonce, "POST", "/api/deploys", body);
        return check.refusal(ts, nonce, sig, "POST", target, sentBody);
    }

    @Test
    void aRequestSignedWithTheSecretInsideTheWindowIsAcceptedOnce() {
        assertEquals(Optional.empty(), send(NOW.minusSeconds(60), "nonce-aaaaaaaaaaaaaaaa", SECRET, "/api/deploys", body));
        assertTrue(send(NOW.minusSeconds(60), "nonce-aaaaaaaaaaaaaaaa", SECRET, "/api/deploys", body).orElseThrow().contains("replayed"));
        assertEquals(Optional.empty(), send(NOW.minusSeconds(60), "nonce-bbbbbbbbbbbbbbbb", SECRET, "/api/deploys", body));
    }

    @Test
    void aWrongSecretAChangedBodyOrAnotherPathIsABadSignature() {
        assertTrue(send(NOW, "nonce-cccccccccccccccc", "another-secret-0123456789abcdef0123456", "/api/deploys", body).orElseThrow()
                .contains("bad signature"));
        assertTrue(send(NOW, "nonce-dddddddddddddddd", SECRET, "/api/deploys", "{\"service\":\"edge\"}".getBytes(StandardCharsets.UTF_8))
                .orElseThrow().contains("bad signature"));
        assertTrue(send(NOW, "nonce-eeeeeeeeeeeeeeee", SECRET, "/api/rollbacks", body).orElseThrow().contains("bad signature"));
        // a forged request is not remembered: the same nonce, properly signed, still works
        assertEquals(Optional.empty(), send(NOW, "nonce-cccccccccccccccc", SECRET, "/api/deploys", body));
    }

    @Test
    void staleAndFutureTimestampsAreRefusedEvenWithAGoodSignature() {
        assertTrue(send(NOW.minusSeconds(301), "nonce-ffffffffffffffff", SECRET, "/api/deploys", body).orElseThrow().contains("stale"));
        assertTrue(send(NOW.plusSeconds(301), "nonce-gggggggggggggggg", SECRET, "/api/deploys", body).orElseThrow().contains("stale"));
        assertEquals(Optional.empty(), send(NOW.plusSeconds(299), "nonce-hhhhhhhhhhhhhhhh", SECRET, "/api/deploys", body));
    }

    @Test
    void missingOrMalformedHeadersAreRefusedWithWhatToSend() {
        assertTrue(check.refusal(null, null, null, "GET", "/api/deploys", new byte[0]).orElseThrow().contains("unsigned"));
        assertTrue(check.refusal("yesterday", "nonce-iiiiiiiiiiiiiiii", "sha256=00", "GET", "/api/deploys", new byte[0]).orElseThrow()
                .contains("seconds since 1970"));
        assertTrue(check.refusal(Long.toString(NOW.getEpochSecond()), "short", "sha256=00", "GET", "/api/deploys", new byte[0]).orElseThrow()
                .contains("16 to 64"));
    }

    @Test
    void aShortSecretIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new RequestSignature("too-short", Duration.ofMinutes(5), Clock.systemUTC()));
    }
}
