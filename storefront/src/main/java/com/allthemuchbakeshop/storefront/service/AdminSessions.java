package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import com.allthemuchbakeshop.storefront.store.AdminStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Signing in and out of the admin. Sessions live in the database (so both storefronts see them
 * during a deploy); the cookie holds a random token of which only a SHA-256 hash is stored.
 */
@ApplicationScoped
public class AdminSessions {

    private static final Logger LOG = Logger.getLogger(AdminSessions.class);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /**
     * The result of a sign-in attempt: a session token and the device token to keep (the
     * device is trusted from now on), or what to tell the person.
     */
    public record SignIn(Optional<String> token, Optional<String> deviceToken, String problem) {
        static SignIn refused(String problem) {
            return new SignIn(Optional.empty(), Optional.empty(), problem);
        }
    }

    /** The failures of every name that is not an account are counted together, and no typed name is stored. */
    static final String UNKNOWN_ACCOUNT = "?";
    /** Wrong passwords from a trusted device before it is trusted no more. */
    static final int DEVICE_FAILURES = 3;
    public static final Duration DEVICE_TRUSTED_FOR = Duration.ofDays(400);
    /** bcrypt checks at once (each keeps a core busy for ~0.1 s); more wait their turn, fairly. */
    private static final int CHECKS_AT_ONCE = 2;

    private final AdminAccounts accounts;
    private final AdminStore store;
    private final SignInThrottle throttle;
    private final StorefrontConfig.Admin config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.Semaphore checks = new java.util.concurrent.Semaphore(CHECKS_AT_ONCE, true);

    @Inject
    AdminSessions(AdminAccounts accounts, AdminStore store, StorefrontConfig config, Clock clock) {
        this(accounts, store, config.admin(), clock);
    }

    AdminSessions(AdminAccounts accounts, AdminStore store, StorefrontConfig.Admin config, Clock clock) {
        this.accounts = accounts;
        this.store = store;
        this.config = config;
        this.throttle = new SignInThrottle(this.config.lockoutAfter(), this.config.lockoutFor());
        this.clock = clock;
    }

    /**
     * One sign-in attempt. The throttles are checked and the attempt counted as a failure in one
     * short step under a lock, so parallel guesses cannot all pass before any is recorded; the
     * bcrypt check itself runs outside it, a few at a time, and a right password takes the
     * failure back.
     *
     * @param client the client's address as far as it can be trusted
     * @param deviceToken the trusted-device cookie, if the browser sent one
     */
    public SignIn signIn(String name, String password, String client, String deviceToken, java.time.ZoneId zone) {
        if (!accounts.any()) {
            return SignIn.refused("No admin accounts are set up yet (STOREFRONT_ADMIN_USERS). See docs/admin-accounts.md.");
        }
        String typed = name == null ? "" : name;
        String account = typed.length() > 64 ? "" : AdminAccounts.canonical(typed);
        boolean known = accounts.exists(account);
        String bucket = known ? account : UNKNOWN_ACCOUNT;
        String clientKey = ClientAddressResolver.rateLimitKey(client);
        String deviceHash = deviceToken == null || deviceToken.length() != 43 ? null : hash(deviceToken);
        boolean trusted = known && deviceHash != null && store.trustedDevice(deviceHash).map(account::equals).orElse(false);

        long attempt;
        synchronized (this) {
            Instant now = clock.instant();
            Instant since = now.minus(throttle.window());
            SignInThrottle.Decision byClient = throttle.forClient(store.failuresFromClient(clientKey, since), now);
            if (!byClient.allowed()) {
                return SignIn.refused(byClient.locked()
                        ? "Too many wrong passwords from this connection (" + throttle.lockoutAfter() + "). Signing in from it is "
                                + "locked until " + java.time.format.DateTimeFormatter.ofPattern("h:mm a").withZone(zone).format(byClient.until())
                                + ". A phone or computer on another connection can still sign in."
                        : "That password was wrong several times. Please wait " + secondsUntil(now, byClient.until())
                                + " seconds, then try again.");
            }
            if (!trusted) {
                SignInThrottle.Decision byAccount = throttle.forAccount(store.failuresOfAccount(bucket, since), now);
                if (!byAccount.allowed()) {
                    return SignIn.refused("Many wrong passwords were tried for this account lately, so a sign-in from a new "
                            + "phone or computer waits a little. Please wait " + secondsUntil(now, byAccount.until())
                            + " seconds, then try again. (A phone or computer you have signed in with before does not wait.)");
                }
            }
            attempt = store.recordFailure(bucket, clientKey, now);
        }

        boolean right;
        try {
            if (!checks.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)) {
                store.deleteFailure(attempt);
                return SignIn.refused("Signing in is busy right now. Please try again in a moment.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.deleteFailure(attempt);
            return SignIn.refused("Signing in is busy right now. Please try again in a moment.");
        }
        try {
            right = known && accounts.verify(account, password);
            if (!known) {
                accounts.verify(account, password); // the same time for an unknown name
            }
        } finally {
            checks.release();
        }

        if (!right) {
            if (trusted) {
                store.deviceFailed(deviceHash, DEVICE_FAILURES);
            }
            // Never the typed name of an unknown account (it may be a password typed in the wrong field).
            LOG.warnf("Failed admin sign-in for %s from %s", known ? "'" + account + "'" : "an unknown name", clientKey);
            return SignIn.refused("Wrong name or password. Please check both and try again.");
        }
        Instant now = clock.instant();
        store.deleteFailure(attempt);
        store.clearFailures(account, clientKey);
        String token = newToken();
        store.createSession(hash(token), account, accounts.credential(account).orElseThrow(), now);
        String device = trusted ? deviceToken : newToken();
        store.trustDevice(hash(device), account, now);
        LOG.infof("Admin '%s' signed in from %s%s", account, clientKey, trusted ? " (a trusted device)" : "");
        return new SignIn(Optional.of(token), Optional.of(device), "");
    }

    private static long secondsUntil(Instant now, Instant until) {
        return Math.max(1, Duration.between(now, until).toSeconds() + 1);
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The signed-in account for this cookie token, if the session is still good. */
    public Optional<String> user(String token) {
        if (token == null || token.length() != 43) {
            return Optional.empty();
        }
        String hash = hash(token);
        Instant now = clock.instant();
        return store.findSession(hash).flatMap(s -> {
            if (s.lastSeenAt().plus(config.idleTimeout()).isBefore(now) || s.createdAt().plus(config.maxSessionAge()).isBefore(now)) {
                store.deleteSession(hash);
                return Optional.empty();
            }
            if (!accounts.credential(s.username()).map(s.credential()::equals).orElse(false)) {
                // The account was removed or its password changed since this sign-in.
                store.deleteSession(hash);
                LOG.infof("Admin session of '%s' ended: the account was removed or its password changed", s.username());
                return Optional.empty();
            }
            if (s.lastSeenAt().plus(TOUCH_EVERY).isBefore(now)) {
                store.touchSession(hash, now);
            }
            return Optional.of(s.username());
        });
    }

    public void signOut(String token) {
        if (token != null) {
            store.deleteSession(hash(token));
        }
    }

    @Scheduled(every = "1h", delayed = "1m")
    void removeExpired() {
        Instant now = clock.instant();
        store.deleteExpiredSessions(now.minus(config.idleTimeout()), now.minus(config.maxSessionAge()));
        store.pruneDevices(now.minus(DEVICE_TRUSTED_FOR));
    }

    /** Failures older than the throttle's window no longer count: drop them, so a flood leaves nothing behind. */
    @Scheduled(every = "5m", delayed = "30s")
    void pruneFailures() {
        int removed = store.pruneFailures(clock.instant().minus(throttle.window()));
        if (removed > 100) {
            LOG.infof("Removed %d old failed sign-ins", removed);
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
