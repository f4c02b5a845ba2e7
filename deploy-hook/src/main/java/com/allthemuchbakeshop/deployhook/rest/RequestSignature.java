package com.allthemuchbakeshop.deployhook.rest;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Every request to the hook is signed: HMAC-SHA256 with DEPLOY_HOOK_SECRET over
 * "timestamp \n nonce \n METHOD \n path?query \n body". A request outside the time window, with a
 * wrong signature or with a nonce already used is refused; nothing of it is acted on. Only
 * requests with a valid signature are remembered (for the window), so an outsider cannot fill the
 * memory of nonces.
 */
public final class RequestSignature {

    public static final String TIMESTAMP = "X-Bakeshop-Timestamp";
    public static final String NONCE = "X-Bakeshop-Nonce";
    public static final String SIGNATURE = "X-Bakeshop-Signature";
    private static final Pattern NONCE_FORM = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final int MAX_REMEMBERED = 100_000;

    private final byte[] secret;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Instant> used = new LinkedHashMap<>(); // nonce -> when it may be forgotten

    public RequestSignature(String secret, Duration window, Clock clock) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("DEPLOY_HOOK_SECRET must be at least 32 characters (openssl rand -hex 32)");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.window = window;
        this.clock = clock;
    }

    public static String sign(byte[] secret, String timestamp, String nonce, String method, String target, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + "\n" + nonce + "\n" + method + "\n" + target + "\n").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empty when the request may go on; otherwise why it is refused (told to the caller: it names no secret). */
    public synchronized Optional<String> refusal(String timestamp, String nonce, String signature, String method, String target, byte[] body) {
        if (timestamp == null || nonce == null || signature == null) {
            return Optional.of("unsigned: send " + TIMESTAMP + ", " + NONCE + " and " + SIGNATURE + " (infra/scripts/deploy.sh does)");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Optional.of(TIMESTAMP + " must be seconds since 1970");
        }
        Instant now = clock.instant();
        Instant at = Instant.ofEpochSecond(seconds);
        if (Duration.between(at, now).abs().compareTo(window) > 0) {
            return Optional.of("stale or future timestamp: the request was signed at " + at + ", the hook's clock says " + now
                    + " (allowed: " + window.toMinutes() + " minutes either way; is the clock right?)");
        }
        if (!NONCE_FORM.matcher(nonce).matches()) {
            return Optional.of(NONCE + " must be 16 to 64 letters, digits, - or _");
        }
        byte[] expected = sign(secret, timestamp, nonce, method, target, body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("bad signature (is DEPLOY_HOOK_SECRET the same on both sides?)");
        }
        used.values().removeIf(until -> until.isBefore(now));
        if (used.containsKey(nonce)) {
            return Optional.of("replayed request: this nonce was used already");
        }
        if (used.size() >= MAX_REMEMBERED) {
            return Optional.of("too many signed requests in the last " + window.toMinutes() + " minutes; try again later");
        }
        used.put(nonce, at.plus(window).plus(window));
        return Optional.empty();
    }
}
