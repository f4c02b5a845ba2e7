package com.allthemuchbakeshop.storefront.store;

import com.allthemuchbakeshop.storefront.Category;
import com.allthemuchbakeshop.storefront.Menu;
import com.allthemuchbakeshop.storefront.Product;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Categories and products in SQLite. */
@ApplicationScoped
public class MenuStore {

    private final DataSource db;

    MenuStore(DataSource db) {
        this.db = db;
    }

    /** The visible menu: shown categories with their shown products, in menu order. */
    public Menu loadVisible(long version) {
        String sql = """
                SELECT c.id AS c_id, c.name AS c_name, c.slug AS c_slug, p.*
                FROM category c JOIN product p ON p.category_id = c.id
                WHERE c.hidden = 0 AND p.hidden = 0
                ORDER BY c.position, c.id, p.position, p.id""";
        Map<Long, List<Product>> byCategory = new LinkedHashMap<>();
        Map<Long, String[]> categoryNames = new LinkedHashMap<>();
        try (Connection c = db.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                long categoryId = rs.getLong("c_id");
                categoryNames.putIfAbsent(categoryId, new String[] { rs.getString("c_name"), rs.getString("c_slug") });
                byCategory.computeIfAbsent(categoryId, k -> new ArrayList<>()).add(product(rs));
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the menu", e);
        }
        List<Category> categories = new ArrayList<>();
        byCategory.forEach((id, products) -> {
            String[] names = categoryNames.get(id);
            categories.add(new Category(id, names[0], names[1], List.copyOf(products)));
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

    /** Inserts a product (its id is ignored) at the given position in its category. */
    public long insertProduct(Product p, int position) {
        String sql = """
                INSERT INTO product (category_id, name, slug, description, price_cents, unit, dietary,
                    allergens, photo, photo_width, photo_height, featured, sold_out, position, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            int i = bindProduct(ps, p);
            ps.setInt(i++, position);
            ps.setString(i, Instant.now().toString());
            ps.executeUpdate();
            return generatedId(ps);
        } catch (SQLException e) {
            throw new StoreException("could not save product " + p.slug(), e);
        }
    }

    /** Replaces every editable field of an existing product; false if there is no such product. */
    public boolean updateProduct(Product p) {
        String sql = """
                UPDATE product SET category_id = ?, name = ?, slug = ?, description = ?, price_cents = ?,
                    unit = ?, dietary = ?, allergens = ?, photo = ?, photo_width = ?, photo_height = ?,
                    featured = ?, sold_out = ?, updated_at = ?
                WHERE id = ?""";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindProduct(ps, p);
            ps.setString(i++, Instant.now().toString());
            ps.setLong(i, p.id());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("could not save product " + p.slug(), e);
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
                rs.getBoolean("sold_out"));
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
