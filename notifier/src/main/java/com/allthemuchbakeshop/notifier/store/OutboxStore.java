package com.allthemuchbakeshop.notifier.store;

import com.allthemuchbakeshop.notifier.Kind;
import com.allthemuchbakeshop.notifier.OutgoingMessage;
import com.allthemuchbakeshop.notifier.OutgoingMessage.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The durable outbox in SQLite. A notification and all its messages are written in one
 * transaction before the API answers, so an accepted notification is never lost.
 */
@ApplicationScoped
public class OutboxStore {

    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The notification's id, and whether this call created it (false: the key was seen before). */
    public record Accepted(long id, boolean created) {
    }

    /**
     * A message as it is stored: the limit it counts against (null: none) and, when it is over
     * that limit, why it is held instead of sent.
     */
    public record Queued(OutgoingMessage message, String limitClass, String limitRecipient, String heldBecause) {
        public static Queued unlimited(OutgoingMessage message) {
            return new Queued(message, null, null, null);
        }
    }

    /** A message waiting to be sent. */
    public record Pending(long id, String kind, OutgoingMessage message, String messageId, int attempts, Instant createdAt) {
    }

    /** A message as the status API shows it. */
    public record MessageState(String channel, String recipientDomain, String state, int attempts, String lastResult,
            String sentAt) {
    }

    /** A notification as the status API shows it. */
    public record NotificationState(long id, String kind, String idempotencyKey, String state, String createdAt,
            List<MessageState> messages) {
    }

    private final DataSource db;

    OutboxStore(DataSource db) {
        this.db = db;
    }

    static String text(Instant t) {
        return FIXED.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    public Accepted accept(String key, Kind kind, List<OutgoingMessage> messages, Instant now, String mailDomain) {
        return store(key, kind, messages.stream().map(Queued::unlimited).toList(), now, mailDomain);
    }

    /** Stores a notification and its messages in one transaction; held messages are stored but never sent. */
    public Accepted store(String key, Kind kind, List<Queued> messages, Instant now, String mailDomain) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO notification (idempotency_key, kind, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, key);
                    ps.setString(2, kind.wire());
                    ps.setString(3, text(now));
                    if (ps.executeUpdate() == 0) {
                        c.rollback();
                        return new Accepted(existing(c, key), false);
                    }
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO message (notification_id, channel, recipient, reply_to, subject, text_body, html_body,
                            message_id, next_attempt_at, created_at, limit_class, limit_recipient, state, last_result)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    for (Queued q : messages) {
                        OutgoingMessage m = q.message();
                        ps.setLong(1, id);
                        ps.setString(2, m.channel().name().toLowerCase(java.util.Locale.ROOT));
                        ps.setString(3, m.recipient());
                        ps.setString(4, m.replyTo());
                        ps.setString(5, m.subject());
                        ps.setString(6, m.text());
                        ps.setString(7, m.html());
                        ps.setString(8, "<" + UUID.randomUUID() + "@" + mailDomain + ">");
                        ps.setString(9, text(now));
                        ps.setString(10, text(now));
                        ps.setString(11, q.limitClass());
                        ps.setString(12, q.limitRecipient());
                        ps.setString(13, q.heldBecause() == null ? "pending" : "held");
                        ps.setString(14, q.heldBecause());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                return new Accepted(id, true);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store notification " + key, e);
        }
    }

    private static long existing(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM notification WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public List<Pending> due(Instant now, int limit) {
        List<Pending> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT m.*, n.kind FROM message m JOIN notification n ON n.id = m.notification_id
                        WHERE m.state = 'pending' AND m.next_attempt_at <= ? ORDER BY m.id LIMIT ?""")) {
            ps.setString(1, text(now));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OutgoingMessage m = new OutgoingMessage(Channel.valueOf(rs.getString("channel").toUpperCase(java.util.Locale.ROOT)),
                            rs.getString("recipient"), rs.getString("reply_to"), rs.getString("subject"), rs.getString("text_body"),
                            rs.getString("html_body"));
                    out.add(new Pending(rs.getLong("id"), rs.getString("kind"), m, rs.getString("message_id"), rs.getInt("attempts"),
                            Instant.parse(rs.getString("created_at"))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the outbox", e);
        }
        return out;
    }

    public void sent(long id, Instant now, String result) {
        update("UPDATE message SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_result = ? WHERE id = ?",
                text(now), result, id);
    }

    public void retryLater(long id, Instant next, String result) {
        update("UPDATE message SET attempts = attempts + 1, next_attempt_at = ?, last_result = ? WHERE id = ?", text(next), result, id);
    }

    public void failed(long id, String result) {
        update("UPDATE message SET state = 'failed', attempts = attempts + 1, last_result = ? WHERE id = ?", result, id);
    }

    public Optional<NotificationState> findByKey(String idempotencyKey) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM notification WHERE idempotency_key = ?")) {
            ps.setString(1, idempotencyKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? find(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read notification " + idempotencyKey, e);
        }
    }

    public Optional<NotificationState> find(long id) {
        try (Connection c = db.getConnection()) {
            String kind;
            String key;
            String created;
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, idempotency_key, created_at FROM notification WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    kind = rs.getString(1);
                    key = rs.getString(2);
                    created = rs.getString(3);
                }
            }
            List<MessageState> messages = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT channel, recipient, state, attempts, last_result, sent_at FROM message WHERE notification_id = ? ORDER BY id")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String recipient = rs.getString(2);
                        messages.add(new MessageState(rs.getString(1), recipient.substring(recipient.indexOf('@') + 1),
                                rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6)));
                    }
                }
            }
            String state = messages.stream().anyMatch(m -> m.state().equals("failed")) ? "failed"
                    : messages.stream().anyMatch(m -> m.state().equals("pending")) ? "pending"
                    : messages.stream().anyMatch(m -> m.state().equals("held")) ? "held" : "delivered";
            return Optional.of(new NotificationState(id, kind, key, state, created, messages));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read notification " + id, e);
        }
    }

    /** The outbox ids of a notification's messages, in order. */
    public List<Long> messageIds(long notificationId) {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM message WHERE notification_id = ? ORDER BY id")) {
            ps.setLong(1, notificationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read notification " + notificationId, e);
        }
        return ids;
    }

    /** Messages under a limit that were stored to be sent (not held) since a time. */
    public long countSince(String limitClass, Instant since) {
        return count("SELECT COUNT(*) FROM message WHERE limit_class = ? AND created_at >= ? AND state <> 'held'", limitClass, text(since));
    }

    /** Messages under a limit to one recipient that were stored to be sent (not held) since a time. */
    public long countToSince(String limitClass, String limitRecipient, Instant since) {
        return count("SELECT COUNT(*) FROM message WHERE limit_recipient = ? AND created_at >= ? AND limit_class = ? AND state <> 'held'",
                limitRecipient, text(since), limitClass);
    }

    private long count(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count messages", e);
        }
    }

    /** Messages per state, for health and monitoring. */
    public java.util.Map<String, Long> counts() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection c = db.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT state, COUNT(*) FROM message GROUP BY state")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count messages", e);
        }
        return counts;
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update the outbox", e);
        }
    }
}
