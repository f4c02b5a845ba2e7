package com.allthemuchbakeshop.storefront.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.storefront.Category;
import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.service.MenuService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each change the owner makes in the admin shows on the public menu at once. */
@QuarkusTest
class AdminMenuTest {

    @Inject
    MenuService menu;

    private Category category(String name) {
        return menu.everything().categories().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private Product product(String name) {
        return menu.everything().categories().stream().flatMap(c -> c.products().stream())
                .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static String publicMenu() {
        return given().get("/menu").asString();
    }

    @Test
    void aNewProductAndItsEditsShowOnThePublicMenu() {
        AdminSession katie = AdminSession.signedIn();
        katie.open("/admin/product");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("id", "");
        form.put("category", String.valueOf(category("Cakes").id()));
        form.put("name", "Pumpkin Roll");
        form.put("price", "$18.5");
        form.put("unit", "roll");
        form.put("description", "Spiced sponge rolled with cream cheese.");
        form.put("dietary", "vegetarian");
        form.put("allergens", "wheat, dairy, eggs");
        Response created = katie.post("/admin/product", form);
        assertEquals(303, created.statusCode(), created.asString());
        String html = publicMenu();
        assertTrue(html.contains("<h3>Pumpkin Roll</h3>") && html.contains("$18.50"), "new product on the menu");

        Product p = product("Pumpkin Roll");
        katie.open("/admin/product?id=" + p.id());
        form.put("id", String.valueOf(p.id()));
        form.put("price", "19");
        form.put("featured", "on");
        assertEquals(303, katie.post("/admin/product", form).statusCode());
        assertTrue(publicMenu().contains("$19.00"), "new price");
        assertTrue(given().get("/").asString().contains("Pumpkin Roll"), "featured on the home page");
    }

    @Test
    void badProductInputComesBackWithMessages() {
        AdminSession katie = AdminSession.signedIn();
        katie.open("/admin/product");
        Response r = katie.post("/admin/product", Map.of("id", "", "category", "999999", "name", "", "price", "four dollars"));
        assertEquals(400, r.statusCode());
        String html = r.asString();
        assertTrue(html.contains("Please fill this in."));
        assertTrue(html.contains("Please enter a price like 4.25."));
        assertTrue(html.contains("Please choose a category."));
        assertTrue(html.contains("value=\"four dollars\""), "input kept");
    }

    @Test
    void soldOutHideAndReorderShowAtOnce() {
        AdminSession katie = AdminSession.signedIn();
        katie.open("/admin/menu");
        Product baguette = product("Baguette");
        assertEquals(303, katie.post("/admin/product/sold-out", Map.of("id", baguette.id(), "value", "true")).statusCode());
        String html = publicMenu();
        int card = html.indexOf("<h3>Baguette</h3>");
        assertTrue(html.indexOf("Sold out today", card) > card && html.indexOf("Sold out today", card) < html.indexOf("</li>", card),
                "the baguette's card says sold out");
        katie.post("/admin/product/sold-out", Map.of("id", baguette.id(), "value", "false"));

        Product rye = product("Seeded Rye");
        katie.post("/admin/product/hidden", Map.of("id", rye.id(), "value", "true"));
        assertFalse(publicMenu().contains("<h3>Seeded Rye</h3>"), "hidden products leave the menu");
        katie.post("/admin/product/hidden", Map.of("id", rye.id(), "value", "false"));
        assertTrue(publicMenu().contains("<h3>Seeded Rye</h3>"));

        Product lemonBars = product("Lemon Bars");
        String before = publicMenu();
        assertTrue(before.indexOf("Salted Caramel Brownie") < before.indexOf("Lemon Bars"));
        katie.post("/admin/product/move", Map.of("id", lemonBars.id(), "direction", "up"));
        String after = publicMenu();
        assertTrue(after.indexOf("Lemon Bars") < after.indexOf("Salted Caramel Brownie"), "moved up one place");
        katie.post("/admin/product/move", Map.of("id", lemonBars.id(), "direction", "down"));
    }

    @Test
    void categoriesCanBeAddedRenamedMovedAndHidden() {
        AdminSession katie = AdminSession.signedIn();
        katie.open("/admin/menu");
        assertEquals(303, katie.post("/admin/category", Map.of("name", "Seasonal")).statusCode());
        Response duplicate = katie.post("/admin/category", Map.of("name", "seasonal"));
        assertEquals(400, duplicate.statusCode());
        assertTrue(duplicate.asString().contains("There is already a category called seasonal."));

        Category seasonal = category("Seasonal");
        katie.open("/admin/product");
        katie.post("/admin/product", Map.of("id", "", "category", seasonal.id(), "name", "Stollen", "price", "16"));
        assertTrue(publicMenu().contains("<h2>Seasonal</h2>"));

        katie.post("/admin/category/rename", Map.of("id", seasonal.id(), "name", "Holiday"));
        katie.post("/admin/category/move", Map.of("id", seasonal.id(), "direction", "up"));
        String html = publicMenu();
        assertTrue(html.indexOf("<h2>Holiday</h2>") < html.indexOf("<h2>Cookies &amp; Bars</h2>"), "renamed and moved up");

        katie.post("/admin/category/hidden", Map.of("id", seasonal.id(), "value", "true"));
        assertFalse(publicMenu().contains("Stollen"), "a hidden category hides its products");
    }
}
