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

/** Admin sessions (by token hash) and failed sign-in attempts. */
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

    public void recordFailure(String account, String client, Instant now) {
        update("INSERT INTO sign_in_failure (account, client, failed_at) VALUES (?, ?, ?)", account, client, Timestamps.text(now));
    }

    /** Failures since {@code since} for this account, or from this client if there are more of those. */
    public List<Instant> recentFailures(String account, String client, Instant since) {
        List<Instant> byAccount = failures("account", account, since);
        List<Instant> byClient = failures("client", client, since);
        return byClient.size() > byAccount.size() ? byClient : byAccount;
    }

    public void clearFailures(String account, Instant olderThan) {
        update("DELETE FROM sign_in_failure WHERE account = ? OR failed_at < ?", account, Timestamps.text(olderThan));
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
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not update admin data", e);
        }
    }
}
