package com.allthemuchbakeshop.storefront.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import com.allthemuchbakeshop.storefront.store.AdminStore;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A session belongs to the password it was opened with: when Gerell removes an account or changes
 * Katie's password (say, after a lost phone) and the storefront restarts with the new accounts,
 * every session opened before ends, on every storefront sharing the database.
 */
class AdminSessionsTest {

    // katie / "correct horse battery staple", then "a brand new password", gerell / "six months later" (cost 10)
    private static final String KATIE = "katie:$2a$10$A96qFO0USN3Mj/5vZt5zj.xyMOqt6SQCmBPmwUkG5zDWqWFJxkxD2";
    private static final String KATIE_NEW = "katie:$2y$10$t1u4Fc1QQWfo5cxI0fxRVOiIHiXG90GbEbpfEpzAWtHpGrBAQhNwe";
    private static final String GERELL = "gerell:$2a$10$YhxakjJDVrMZMH2wiyrVtuMU2XuQjI43NqGb8ckH2lVdQMBumfDaq";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T15:00:00Z"), ZoneOffset.UTC);

    private AdminStore store;
    private SQLiteDataSource db;

    @BeforeEach
    void database(@TempDir Path dir) {
        db = new SQLiteDataSource();
        db.setUrl("jdbc:sqlite:" + dir.resolve("storefront.db"));
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        store = new AdminStore(db);
    }

    /** The storefront as started with these STOREFRONT_ADMIN_USERS entries, on the shared database. */
    private AdminSessions storefront(String... accounts) {
        return new AdminSessions(new AdminAccounts(List.of(accounts)), store, admin(), CLOCK);
    }

    private String signIn(AdminSessions sessions, String name, String password) {
        AdminSessions.SignIn result = sessions.signIn(name, password, "198.51.100.7", null, ZoneId.of("UTC"));
        assertTrue(result.token().isPresent(), result.problem());
        return result.token().get();
    }

    @Test
    void aChangedPasswordEndsTheSessionsOpenedWithTheOldOne() {
        String katie = signIn(storefront(KATIE, GERELL), "katie", "correct horse battery staple");
        String gerell = signIn(storefront(KATIE, GERELL), "gerell", "six months later");
        assertEquals(Optional.of("katie"), storefront(KATIE, GERELL).user(katie));

        AdminSessions restarted = storefront(KATIE_NEW, GERELL);
        assertEquals(Optional.empty(), restarted.user(katie));
        assertEquals(Optional.empty(), storefront(KATIE, GERELL).user(katie), "the session is gone, not only refused");
        assertEquals(Optional.of("gerell"), restarted.user(gerell), "other accounts' sessions go on");
        String again = signIn(restarted, "katie", "a brand new password");
        assertEquals(Optional.of("katie"), restarted.user(again));
    }

    @Test
    void aRemovedAccountIsSignedOutAtOnce() {
        String gerell = signIn(storefront(KATIE, GERELL), "gerell", "six months later");
        assertEquals(Optional.empty(), storefront(KATIE).user(gerell));
        // Put back with the same password, the old session does not come back to life.
        assertEquals(Optional.empty(), storefront(KATIE, GERELL).user(gerell));
    }

    @Test
    void failedSignInsKeepNoTypedNameAndAreForgivenOnSuccess() throws Exception {
        AdminSessions sessions = storefront(KATIE, GERELL);
        String typedPassword = "my-secret-password-typed-in-the-name-field";
        for (String name : List.of(typedPassword, "x".repeat(10_000), "katie")) {
            assertTrue(sessions.signIn(name, "wrong", "2001:db8:1:2:3::9", null, ZoneId.of("UTC")).token().isEmpty());
        }
        List<String> accounts = new java.util.ArrayList<>();
        try (var c = db.getConnection(); var rs = c.createStatement().executeQuery("SELECT account, client FROM sign_in_failure")) {
            while (rs.next()) {
                accounts.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        assertEquals(List.of("? 20010db800010002::/64", "? 20010db800010002::/64", "katie 20010db800010002::/64"), accounts,
                "unknown names share one key; clients are counted per /64");

        signIn(sessions, "katie", "correct horse battery staple");
        try (var c = db.getConnection(); var rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM sign_in_failure WHERE account = 'katie'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the account's failures are forgiven once she is in");
        }
    }

    @Test
    void unknownNamesAreCheckedAtTheCostOfTheRealHashes() {
        String costly = "katie:$2a$12$" + "A".repeat(53);
        assertEquals(12, new AdminAccounts(List.of(KATIE, costly.replace("katie", "gerell"))).dummyCost());
        assertEquals(10, new AdminAccounts(List.of(KATIE)).dummyCost());
    }

    @Test
    void theStoredCredentialIsNotTheBcryptHash() {
        String credential = new AdminAccounts(List.of(KATIE)).credential("Katie").orElseThrow();
        assertTrue(credential.matches("[0-9a-f]{64}"), credential);
        assertTrue(!KATIE.contains(credential));
        assertEquals(Optional.empty(), new AdminAccounts(List.of(KATIE)).credential("gerell"));
    }

    private static StorefrontConfig.Admin admin() {
        return new StorefrontConfig.Admin() {
            @Override
            public Optional<List<String>> users() {
                return Optional.empty();
            }

            @Override
            public Duration idleTimeout() {
                return Duration.ofMinutes(30);
            }

            @Override
            public Duration maxSessionAge() {
                return Duration.ofHours(12);
            }

            @Override
            public int lockoutAfter() {
                return 5;
            }

            @Override
            public Duration lockoutFor() {
                return Duration.ofMinutes(15);
            }

            @Override
            public MemorySize maxPhotoSize() {
                return new MemorySize(BigInteger.valueOf(20L << 20));
            }

            @Override
            public long maxPhotoPixels() {
                return 60_000_000L;
            }
        };
    }
}
