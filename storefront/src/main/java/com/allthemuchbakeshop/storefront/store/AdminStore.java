package com.allthemuchbakeshop.storefront.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Admin sessions (by token hash), failed sign-in attempts and trusted devices. */
@ApplicationScoped
public class AdminStore {

    /** {@code credential}: the account's password as it was at sign-in (a hash of its bcrypt hash). */
    public record Session(String username, String credential, Instant createdAt, Instant lastSeenAt) {
    }

    private final DataSource db;

    public AdminStore(DataSource db) {
        this.db = db;
    }

    public void createSession(String tokenHash, String username, String credential, Instant now) {
        update("INSERT INTO admin_session (token_hash, username, credential, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                tokenHash, username, credential, Timestamps.text(now), Timestamps.text(now));
    }

    public Optional<Session> findSession(String tokenHash) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT username, credential, created_at, last_seen_at FROM admin_session WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Session(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)), Instant.parse(rs.getString(4))))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read admin sessions", e);
        }
    }

    public void touchSession(String tokenHash, Instant now) {
        update("UPDATE admin_session SET last_seen_at = ? WHERE token_hash = ?", Timestamps.text(now), tokenHash);
    }

    public void deleteSession(String tokenHash) {
        update("DELETE FROM admin_session WHERE token_hash = ?", tokenHash);
    }

    /** Removes sessions idle since {@code idleBefore} or created before {@code createdBefore}. */
    public void deleteExpiredSessions(Instant idleBefore, Instant createdBefore) {
        update("DELETE FROM admin_session WHERE last_seen_at < ? OR created_at < ?", Timestamps.text(idleBefore), Timestamps.text(createdBefore));
    }

    /** Records a failed (or not yet checked) attempt; returns its id, so a success can take it back. */
    public long recordFailure(String account, String client, Instant now) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sign_in_failure (account, client, failed_at) VALUES (?, ?, ?) RETURNING id")) {
            ps.setString(1, account);
            ps.setString(2, client);
            ps.setString(3, Timestamps.text(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("could not record a sign-in failure", e);
        }
    }

    public void deleteFailure(long id) {
        update("DELETE FROM sign_in_failure WHERE id = ?", String.valueOf(id));
    }

    /** Failures since {@code since} on this account (all unknown names share one), oldest first. */
    public List<Instant> failuresOfAccount(String account, Instant since) {
        return failures("account", account, since);
    }

    /** Failures since {@code since} from this client (an IPv4 address or an IPv6 /64), oldest first. */
    public List<Instant> failuresFromClient(String client, Instant since) {
        return failures("client", client, since);
    }

    /** After a successful sign-in: the account's and this client's failures are forgiven. */
    public void clearFailures(String account, String client) {
        update("DELETE FROM sign_in_failure WHERE account = ? OR client = ?", account, client);
    }

    /** Drops failures too old to count; run on a schedule, so an attack cannot grow the table for long. */
    public int pruneFailures(Instant olderThan) {
        return updateCount("DELETE FROM sign_in_failure WHERE failed_at < ?", Timestamps.text(olderThan));
    }

    public void trustDevice(String tokenHash, String username, Instant now) {
        update("INSERT INTO trusted_device (token_hash, username, created_at, last_used_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (token_hash) DO UPDATE SET failures = 0, last_used_at = excluded.last_used_at",
                tokenHash, username, Timestamps.text(now), Timestamps.text(now));
    }

    /** The account this device signed in to, if it is still trusted. */
    public Optional<String> trustedDevice(String tokenHash) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT username FROM trusted_device WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read trusted devices", e);
        }
    }

    /** A wrong password from a trusted device; after {@code limit} of them it is trusted no more. */
    public void deviceFailed(String tokenHash, int limit) {
        update("UPDATE trusted_device SET failures = failures + 1 WHERE token_hash = ?", tokenHash);
        update("DELETE FROM trusted_device WHERE token_hash = ? AND failures >= ?", tokenHash, String.valueOf(limit));
    }

    public int pruneDevices(Instant unusedSince) {
        return updateCount("DELETE FROM trusted_device WHERE last_used_at < ?", Timestamps.text(unusedSince));
    }

    private List<Instant> failures(String column, String value, Instant since) {
        List<Instant> times = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT failed_at FROM sign_in_failure WHERE " + column
                        + " = ? AND failed_at >= ? ORDER BY failed_at")) {
            ps.setString(1, value);
            ps.setString(2, Timestamps.text(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(Instant.parse(rs.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not read sign-in failures", e);
        }
        return times;
    }

    private void update(String sql, String... args) {
        updateCount(sql, args);
    }

    private int updateCount(String sql, String... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not update admin data", e);
        }
    }
}
