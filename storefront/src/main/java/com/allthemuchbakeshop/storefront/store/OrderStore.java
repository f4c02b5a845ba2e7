package com.allthemuchbakeshop.storefront.store;

import com.allthemuchbakeshop.storefront.OrderRequest;
import com.allthemuchbakeshop.storefront.OrderRequest.Fulfilment;
import com.allthemuchbakeshop.storefront.OrderRequest.Item;
import com.allthemuchbakeshop.storefront.StoredOrder;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/** Customers' order requests. An order and its items are written in one transaction. */
@ApplicationScoped
public class OrderStore {

    private final DataSource db;

    OrderStore(DataSource db) {
        this.db = db;
    }

    /** Where an order ended up: its reference, and whether this call created it. */
    public record Saved(String reference, boolean created) {
    }

    /**
     * Stores the order under {@code reference}, once per {@code submissionId}: if that form
     * submission was stored before (a double click, a re-sent form), nothing is written and the
     * first order's reference is returned.
     *
     * @return empty if the reference is already taken by another order (nothing is written then)
     */
    public Optional<Saved> insert(String reference, String submissionId, OrderRequest order, Instant now) {
        String sql = """
                INSERT INTO customer_order (reference, submission_id, name, email, phone, fulfilment,
                    delivery_address, wanted_on, request_text, notes, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
        return Transactions.inTransaction(db, "save order " + reference, c -> {
            long orderId;
            try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                int i = 1;
                ps.setString(i++, reference);
                ps.setString(i++, submissionId);
                ps.setString(i++, order.name());
                ps.setString(i++, order.email());
                ps.setString(i++, order.phone());
                ps.setString(i++, order.fulfilment().name().toLowerCase(Locale.ROOT));
                ps.setString(i++, order.deliveryAddress());
                ps.setString(i++, order.wantedOn().toString());
                ps.setString(i++, order.requestText());
                ps.setString(i++, order.notes());
                ps.setString(i, Timestamps.text(now));
                if (ps.executeUpdate() == 0) {
                    return referenceOfSubmission(c, submissionId).map(ref -> new Saved(ref, false));
                }
                orderId = MenuStore.generatedId(ps);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO order_item (order_id, product_id, product_name, unit_price_cents, quantity) VALUES (?, ?, ?, ?, ?)")) {
                for (Item item : order.items()) {
                    ps.setLong(1, orderId);
                    ps.setLong(2, item.productId());
                    ps.setString(3, item.productName());
                    ps.setLong(4, item.unitPriceCents());
                    ps.setInt(5, item.quantity());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return Optional.of(new Saved(reference, true));
        });
    }

    public Optional<StoredOrder> findByReference(String reference) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM customer_order WHERE reference = ?")) {
            ps.setString(1, reference);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long id = rs.getLong("id");
                OrderRequest request = new OrderRequest(
                        rs.getString("name"),
                        rs.getString("email"),
                        rs.getString("phone"),
                        Fulfilment.valueOf(rs.getString("fulfilment").toUpperCase(Locale.ROOT)),
                        rs.getString("delivery_address"),
                        LocalDate.parse(rs.getString("wanted_on")),
                        items(c, id),
                        rs.getString("request_text"),
                        rs.getString("notes"));
                return Optional.of(new StoredOrder(id, reference, request, rs.getString("status"),
                        rs.getString("notification_status"), Instant.parse(rs.getString("created_at"))));
            }
        } catch (SQLException e) {
            throw new StoreException("could not read order " + reference, e);
        }
    }

    /** The states an order goes through, as the owner sets them. */
    public static final List<String> STATUSES = List.of("new", "confirmed", "ready", "collected", "cancelled");

    /** Orders newest first, filtered by text (name, email, phone, reference), wanted date and status. */
    public List<StoredOrder> search(String text, LocalDate wantedOn, String status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT reference FROM customer_order WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            sql.append(" AND (instr(lower(name), lower(?)) > 0 OR instr(lower(email), lower(?)) > 0"
                    + " OR instr(phone, ?) > 0 OR reference = upper(?))");
            String t = text.strip();
            args.addAll(List.of(t, t, t, t));
        }
        if (wantedOn != null) {
            sql.append(" AND wanted_on = ?");
            args.add(wantedOn.toString());
        }
        if (status != null && STATUSES.contains(status)) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit);
        List<String> references = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    references.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not search orders", e);
        }
        return references.stream().map(this::findByReference).flatMap(Optional::stream).toList();
    }

    /** @return false if there is no such order or the status is not one of {@link #STATUSES} */
    public boolean setStatus(String reference, String status) {
        if (!STATUSES.contains(status)) {
            return false;
        }
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE customer_order SET status = ? WHERE reference = ?")) {
            ps.setString(1, status);
            ps.setString(2, reference);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("could not change order " + reference, e);
        }
    }

    /** References of orders in this notification state, oldest first. */
    public List<String> withNotificationStatus(String status, int limit) {
        return references("SELECT reference FROM customer_order WHERE notification_status = ? ORDER BY id LIMIT ?", limit, status);
    }

    /** Sets the notification status, and the notifier's ids when given (comma-separated). */
    public void setNotificationStatus(String reference, String status, String notifierIds) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE customer_order SET notification_status = ?, notifier_ids = COALESCE(?, notifier_ids) WHERE reference = ?")) {
            ps.setString(1, status);
            ps.setString(2, notifierIds);
            ps.setString(3, reference);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not update order " + reference, e);
        }
    }

    /** Marks an order's notifications failed and queues the short alert that tells the owner so. */
    public void markNotificationFailed(String reference) {
        update("UPDATE customer_order SET notification_status = 'failed', failure_alert = COALESCE(failure_alert, 'pending') "
                + "WHERE reference = ?", reference);
    }

    /** Orders whose failure alert still has to reach the owner, oldest first. */
    public List<String> withPendingFailureAlert(int limit) {
        return references("SELECT reference FROM customer_order WHERE failure_alert = 'pending' ORDER BY id LIMIT ?", limit);
    }

    public void failureAlertSent(String reference) {
        update("UPDATE customer_order SET failure_alert = 'sent' WHERE reference = ?", reference);
    }

    /** Failed orders the owner has not opened yet (the admin's banner), newest first. */
    public List<String> unseenFailures(int limit) {
        return references("SELECT reference FROM customer_order WHERE notification_status = 'failed' "
                + "AND failure_seen_at IS NULL ORDER BY id DESC LIMIT ?", limit);
    }

    /** The owner opened this order: it leaves the banner. */
    public void failureSeen(String reference, Instant now) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE customer_order SET failure_seen_at = ? WHERE reference = ? AND notification_status = 'failed' "
                        + "AND failure_seen_at IS NULL")) {
            ps.setString(1, Timestamps.text(now));
            ps.setString(2, reference);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not update order " + reference, e);
        }
    }

    /** The references a query finds; its parameters are {@code before} (in order), then the limit. */
    private List<String> references(String sql, int limit, Object... before) {
        List<String> refs = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < before.length; i++) {
                ps.setObject(i + 1, before[i]);
            }
            ps.setInt(before.length + 1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    refs.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not read orders", e);
        }
        return refs;
    }

    private void update(String sql, String reference) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, reference);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not update order " + reference, e);
        }
    }

    public Optional<String> notifierIds(String reference) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT notifier_ids FROM customer_order WHERE reference = ?")) {
            ps.setString(1, reference);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read order " + reference, e);
        }
    }

    public long count() {
        try (Connection c = db.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM customer_order")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("could not count orders", e);
        }
    }

    private static Optional<String> referenceOfSubmission(Connection c, String submissionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT reference FROM customer_order WHERE submission_id = ?")) {
            ps.setString(1, submissionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static List<Item> items(Connection c, long orderId) throws SQLException {
        List<Item> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT product_id, product_name, unit_price_cents, quantity FROM order_item WHERE order_id = ? ORDER BY rowid")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new Item(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4)));
                }
            }
        }
        return items;
    }
}
