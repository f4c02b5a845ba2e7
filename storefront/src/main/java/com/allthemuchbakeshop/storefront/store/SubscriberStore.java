package com.allthemuchbakeshop.storefront.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Email sign-ups. Addresses are unique regardless of letter case. A sign-up is on the list only
 * once confirmed from the email it was sent (double opt-in); signing up again after
 * unsubscribing needs a new confirmation, under a new token.
 */
@ApplicationScoped
public class SubscriberStore {

    /**
     * NEW and RESUBSCRIBED and RESENT send a confirmation email; AWAITING_CONFIRMATION means one
     * went out within the hour; ALREADY_SUBSCRIBED is confirmed.
     */
    public enum SignUp { NEW, RESUBSCRIBED, RESENT, AWAITING_CONFIRMATION, ALREADY_SUBSCRIBED }

    /** A confirmation not acted on for this long may be sent once more when the address signs up again. */
    static final java.time.Duration RESEND_AFTER = java.time.Duration.ofHours(1);

    public record Subscriber(String email, String token, boolean subscribed, boolean confirmed) {
    }

    /** A row of the owner's subscriber list. */
    public record Listed(long id, String email, String subscribedAt, boolean subscribed, boolean confirmed) {
        /** Subscribed and confirmed: someone to send news to. */
        public boolean onTheList() {
            return subscribed && confirmed;
        }
    }

    private final DataSource db;

    SubscriberStore(DataSource db) {
        this.db = db;
    }

    /**
     * Adds the address (waiting for its confirmation), or asks again for a confirmation if it had
     * unsubscribed or has not confirmed for an hour; each ask has a new token.
     */
    public SignUp subscribe(String email, String newToken, Instant now) {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO subscriber (email, token, subscribed_at) VALUES (?, ?, ?) ON CONFLICT (email) DO NOTHING")) {
                ps.setString(1, email);
                ps.setString(2, newToken);
                ps.setString(3, Timestamps.text(now));
                if (ps.executeUpdate() == 1) {
                    return SignUp.NEW;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE subscriber SET unsubscribed_at = NULL, confirmed_at = NULL, subscribed_at = ?, token = ?,
                        welcome_status = 'pending', welcome_notifier_id = NULL
                    WHERE email = ? AND unsubscribed_at IS NOT NULL""")) {
                ps.setString(1, Timestamps.text(now));
                ps.setString(2, newToken);
                ps.setString(3, email);
                if (ps.executeUpdate() == 1) {
                    return SignUp.RESUBSCRIBED;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE subscriber SET subscribed_at = ?, token = ?, welcome_status = 'pending', welcome_notifier_id = NULL
                    WHERE email = ? AND confirmed_at IS NULL AND subscribed_at < ?""")) {
                ps.setString(1, Timestamps.text(now));
                ps.setString(2, newToken);
                ps.setString(3, email);
                ps.setString(4, Timestamps.text(now.minus(RESEND_AFTER)));
                if (ps.executeUpdate() == 1) {
                    return SignUp.RESENT;
                }
            }
            return findByEmail(email).filter(Subscriber::confirmed).isPresent() ? SignUp.ALREADY_SUBSCRIBED : SignUp.AWAITING_CONFIRMATION;
        } catch (SQLException e) {
            throw new StoreException("could not save a sign-up", e);
        }
    }

    public Optional<Subscriber> findByToken(String token) {
        return find("token", token);
    }

    public Optional<Subscriber> findByEmail(String email) {
        return find("email", email);
    }

    /** Everyone who signed up, newest first (unsubscribed ones too, marked). */
    public java.util.List<Listed> list() {
        java.util.List<Listed> rows = new java.util.ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, email, subscribed_at, unsubscribed_at IS NULL, confirmed_at IS NOT NULL FROM subscriber ORDER BY id DESC");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Listed(rs.getLong(1), rs.getString(2), rs.getString(3).substring(0, 10), rs.getBoolean(4), rs.getBoolean(5)));
            }
        } catch (SQLException e) {
            throw new StoreException("could not list subscribers", e);
        }
        return rows;
    }

    /** A sign-up whose welcome email is at {@code status}: its address, token and the notifier's id. */
    public record Welcome(String email, String token, String notifierId) {
    }

    /** Subscribed addresses whose welcome is at this status, oldest first. */
    public java.util.List<Welcome> welcomes(String status, int limit) {
        java.util.List<Welcome> rows = new java.util.ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT email, token, welcome_notifier_id FROM subscriber WHERE welcome_status = ? AND unsubscribed_at IS NULL ORDER BY id LIMIT ?")) {
            ps.setString(1, status);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Welcome(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not read sign-ups", e);
        }
        return rows;
    }

    public void setWelcome(String email, String status, String notifierId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE subscriber SET welcome_status = ?, welcome_notifier_id = COALESCE(?, welcome_notifier_id) WHERE email = ?")) {
            ps.setString(1, status);
            ps.setString(2, notifierId);
            ps.setString(3, email);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not update a sign-up", e);
        }
    }

    /** Removes a subscriber for good. @return false if there was none with this id */
    public boolean delete(long id) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM subscriber WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("could not remove a subscriber", e);
        }
    }

    /** Confirms the sign-up with this token. @return false if no subscribed address has this token */
    public boolean confirm(String token, Instant now) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE subscriber SET confirmed_at = COALESCE(confirmed_at, ?) WHERE token = ? AND unsubscribed_at IS NULL")) {
            ps.setString(1, Timestamps.text(now));
            ps.setString(2, token);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("could not confirm a sign-up", e);
        }
    }

    /** Removes sign-ups still unconfirmed that were asked for before {@code before}. @return how many */
    public int pruneUnconfirmed(Instant before) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM subscriber WHERE confirmed_at IS NULL AND unsubscribed_at IS NULL AND subscribed_at < ?")) {
            ps.setString(1, Timestamps.text(before));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not remove unconfirmed sign-ups", e);
        }
    }

    /** @return false if no subscriber has this token */
    public boolean unsubscribe(String token, Instant now) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE subscriber SET unsubscribed_at = COALESCE(unsubscribed_at, ?) WHERE token = ?")) {
            ps.setString(1, Timestamps.text(now));
            ps.setString(2, token);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("could not unsubscribe", e);
        }
    }

    private Optional<Subscriber> find(String column, String value) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT email, token, unsubscribed_at IS NULL, confirmed_at IS NOT NULL FROM subscriber WHERE " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Subscriber(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read subscribers", e);
        }
    }
}
