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

    /** The result of a sign-in attempt: a session token, or what to tell the person. */
    public record SignIn(Optional<String> token, String problem) {
    }

    private final AdminAccounts accounts;
    private final AdminStore store;
    private final SignInThrottle throttle;
    private final StorefrontConfig.Admin config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

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
     * One attempt at a time (synchronized): otherwise parallel guesses would all pass the
     * throttle before any failure is recorded. Two people sign in to this admin; waiting a
     * bcrypt (~0.1 s) for another's attempt is nothing.
     */
    public synchronized SignIn signIn(String name, String password, String client, java.time.ZoneId zone) {
        if (!accounts.any()) {
            return new SignIn(Optional.empty(), "No admin accounts are set up yet (STOREFRONT_ADMIN_USERS). See docs/admin-accounts.md.");
        }
        String account = AdminAccounts.canonical(name);
        Instant now = clock.instant();
        List<Instant> failures = store.recentFailures(account, client, now.minus(throttle.window()));
        SignInThrottle.Decision decision = throttle.check(failures, now);
        if (!decision.allowed()) {
            if (decision.locked()) {
                String at = java.time.format.DateTimeFormatter.ofPattern("h:mm a").withZone(zone).format(decision.until());
                return new SignIn(Optional.empty(), "Too many wrong passwords (" + throttle.lockoutAfter()
                        + "). Signing in is locked until " + at + " to protect the account. Please try again then.");
            }
            long seconds = Math.max(1, Duration.between(now, decision.until()).toSeconds() + 1);
            return new SignIn(Optional.empty(), "That password was wrong several times. Please wait " + seconds
                    + " seconds, then try again.");
        }
        if (!accounts.verify(account, password)) {
            store.recordFailure(account, client, now);
            LOG.warnf("Failed admin sign-in for '%s'", account.length() > 40 ? account.substring(0, 40) : account);
            return new SignIn(Optional.empty(), "Wrong name or password. Please check both and try again.");
        }
        store.clearFailures(account, now.minus(throttle.window()));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        store.createSession(hash(token), account, accounts.credential(account).orElseThrow(), now);
        LOG.infof("Admin '%s' signed in", account);
        return new SignIn(Optional.of(token), "");
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
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
