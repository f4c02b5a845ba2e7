package com.allthemuchbakeshop.storefront.store;

import com.allthemuchbakeshop.storefront.Category;
import com.allthemuchbakeshop.storefront.Menu;
import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.Slugs;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Categories and products in SQLite. */
@ApplicationScoped
public class MenuStore {

    /** Which way to move an item in its list. */
    public enum Direction { UP, DOWN }

    private final DataSource db;

    MenuStore(DataSource db) {
        this.db = db;
    }

    /** The visible menu: shown categories with their shown products, in menu order. */
    public Menu loadVisible(long version) {
        return load(version, false);
    }

    /** Everything, hidden or not, for the admin; categories without products included. */
    public Menu loadAll() {
        return load(0, true);
    }

    private Menu load(long version, boolean all) {
        String sql = """
                SELECT c.id AS c_id, c.name AS c_name, c.slug AS c_slug, c.hidden AS c_hidden, p.*
                FROM category c LEFT JOIN product p ON p.category_id = c.id %s
                %s
                ORDER BY c.position, c.id, p.position, p.id""".formatted(
                all ? "" : "AND p.hidden = 0", all ? "" : "WHERE c.hidden = 0 AND p.id IS NOT NULL");
        Map<Long, List<Product>> byCategory = new LinkedHashMap<>();
        Map<Long, Object[]> categoryInfo = new LinkedHashMap<>();
        try (Connection c = db.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                long categoryId = rs.getLong("c_id");
                categoryInfo.putIfAbsent(categoryId, new Object[] { rs.getString("c_name"), rs.getString("c_slug"), rs.getBoolean("c_hidden") });
                List<Product> products = byCategory.computeIfAbsent(categoryId, k -> new ArrayList<>());
                rs.getLong("id");
                if (!rs.wasNull()) {
                    products.add(product(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the menu", e);
        }
        List<Category> categories = new ArrayList<>();
        byCategory.forEach((id, products) -> {
            Object[] info = categoryInfo.get(id);
            categories.add(new Category(id, (String) info[0], (String) info[1], (Boolean) info[2], List.copyOf(products)));
        });
        return new Menu(version, List.copyOf(categories));
    }

    public boolean isEmpty() {
        try (Connection c = db.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM product) AND NOT EXISTS (SELECT 1 FROM category)")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            throw new StoreException("could not read the menu", e);
        }
    }

    public Optional<Product> findProduct(long id) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM product WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(product(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read product " + id, e);
        }
    }

    /** True if another product (not {@code exceptId}) already uses this slug. */
    public boolean slugTaken(String slug, long exceptId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM product WHERE slug = ? AND id <> ?")) {
            ps.setString(1, slug);
            ps.setLong(2, exceptId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read products", e);
        }
    }

    public long insertCategory(String name, String slug, int position) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO category (name, slug, position) VALUES (?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, slug);
            ps.setInt(3, position);
            ps.executeUpdate();
            return generatedId(ps);
        } catch (SQLException e) {
            throw new StoreException("could not save category " + slug, e);
        }
    }

    /** Adds a category after the others; returns its id. */
    public long appendCategory(String name, String slug) {
        return insertCategory(name, slug, nextPosition("SELECT COALESCE(MAX(position), -1) + 1 FROM category", -1));
    }

    public boolean categoryNameTaken(String name, long exceptId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM category WHERE (lower(name) = lower(?) OR slug = ?) AND id <> ?")) {
            ps.setString(1, name);
            ps.setString(2, Slugs.slug(name));
            ps.setLong(3, exceptId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read categories", e);
        }
    }

    public boolean renameCategory(long id, String name, String slug) {
        return update("UPDATE category SET name = ?, slug = ? WHERE id = ?", name, slug, id) == 1;
    }

    public boolean setCategoryHidden(long id, boolean hidden) {
        return update("UPDATE category SET hidden = ? WHERE id = ?", hidden, id) == 1;
    }

    /** Inserts a product (its id is ignored) at the given position in its category. */
    public long insertProduct(Product p, int position) {
        String sql = """
                INSERT INTO product (category_id, name, slug, description, price_cents, unit, dietary,
                    allergens, photo, photo_width, photo_height, featured, sold_out, hidden, position, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            int i = bindProduct(ps, p);
            ps.setInt(i++, position);
            ps.setString(i, Timestamps.text(Instant.now()));
            ps.executeUpdate();
            return generatedId(ps);
        } catch (SQLException e) {
            throw new StoreException("could not save product " + p.slug(), e);
        }
    }

    /** Adds a product at the end of its category; returns its id. */
    public long appendProduct(Product p) {
        return insertProduct(p, nextPosition("SELECT COALESCE(MAX(position), -1) + 1 FROM product WHERE category_id = ?", p.categoryId()));
    }

    /** Replaces every editable field of an existing product; false if there is no such product. */
    public boolean updateProduct(Product p) {
        String sql = """
                UPDATE product SET category_id = ?, name = ?, slug = ?, description = ?, price_cents = ?,
                    unit = ?, dietary = ?, allergens = ?, photo = ?, photo_width = ?, photo_height = ?,
                    featured = ?, sold_out = ?, hidden = ?, updated_at = ?
                WHERE id = ?""";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindProduct(ps, p);
            ps.setString(i++, Timestamps.text(Instant.now()));
            ps.setLong(i, p.id());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("could not save product " + p.slug(), e);
        }
    }

    /** Points a product at another photo (null: none), leaving every other field as it is now. */
    public boolean setPhoto(long id, String photo, int width, int height) {
        return update("UPDATE product SET photo = ?, photo_width = ?, photo_height = ?, updated_at = ? WHERE id = ?",
                photo, width, height, Timestamps.text(Instant.now()), id) == 1;
    }

    /** True if any product shows this photo (the same picture may serve two products). */
    public boolean photoInUse(String photo) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM product WHERE photo = ?")) {
            ps.setString(1, photo);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read products", e);
        }
    }

    public boolean setSoldOut(long id, boolean soldOut) {
        return update("UPDATE product SET sold_out = ?, updated_at = ? WHERE id = ?", soldOut, Timestamps.text(Instant.now()), id) == 1;
    }

    public boolean setHidden(long id, boolean hidden) {
        return update("UPDATE product SET hidden = ?, updated_at = ? WHERE id = ?", hidden, Timestamps.text(Instant.now()), id) == 1;
    }

    /** Swaps a product with its neighbour in its category; false at either end. */
    public boolean moveProduct(long id, Direction direction) {
        return move("SELECT id FROM product WHERE category_id = (SELECT category_id FROM product WHERE id = ?) ORDER BY position, id",
                "UPDATE product SET position = ? WHERE id = ?", id, direction);
    }

    /** Swaps a category with its neighbour; false at either end. */
    public boolean moveCategory(long id, Direction direction) {
        // "? IS NOT NULL" binds the id like the product query does; every category is in the list.
        return move("SELECT id FROM category WHERE ? IS NOT NULL ORDER BY position, id",
                "UPDATE category SET position = ? WHERE id = ?", id, direction);
    }

    /** Renumbers the list in one transaction with the item swapped with its neighbour. */
    private boolean move(String listSql, String positionSql, long id, Direction direction) {
        return Transactions.inTransaction(db, "reorder the menu", c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(listSql)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            int at = ids.indexOf(id);
            int to = direction == Direction.UP ? at - 1 : at + 1;
            if (at < 0 || to < 0 || to >= ids.size()) {
                return false;
            }
            Collections.swap(ids, at, to);
            try (PreparedStatement ps = c.prepareStatement(positionSql)) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setInt(1, i);
                    ps.setLong(2, ids.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return true;
        });
    }

    private int nextPosition(String sql, long param) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param >= 0) {
                ps.setLong(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the menu", e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not change the menu", e);
        }
    }

    private static int bindProduct(PreparedStatement ps, Product p) throws SQLException {
        int i = 1;
        ps.setLong(i++, p.categoryId());
        ps.setString(i++, p.name());
        ps.setString(i++, p.slug());
        ps.setString(i++, p.description());
        ps.setLong(i++, p.priceCents());
        ps.setString(i++, p.unit());
        ps.setString(i++, String.join(", ", p.dietary()));
        ps.setString(i++, String.join(", ", p.allergens()));
        ps.setString(i++, p.photo());
        ps.setInt(i++, p.photoWidth());
        ps.setInt(i++, p.photoHeight());
        ps.setBoolean(i++, p.featured());
        ps.setBoolean(i++, p.soldOut());
        ps.setBoolean(i++, p.hidden());
        return i;
    }

    private static Product product(ResultSet rs) throws SQLException {
        return new Product(
                rs.getLong("id"),
                rs.getLong("category_id"),
                rs.getString("name"),
                rs.getString("slug"),
                rs.getString("description"),
                rs.getLong("price_cents"),
                rs.getString("unit"),
                Product.tags(rs.getString("dietary")),
                Product.tags(rs.getString("allergens")),
                rs.getString("photo"),
                rs.getInt("photo_width"),
                rs.getInt("photo_height"),
                rs.getBoolean("featured"),
                rs.getBoolean("sold_out"),
                rs.getBoolean("hidden"));
    }

    static long generatedId(Statement st) throws SQLException {
        try (ResultSet keys = st.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no id was generated");
            }
            return keys.getLong(1);
        }
    }
}
