package com.allthemuchbakeshop.storefront.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.service.MenuService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The menu page is rendered once per menu version; an edit must still show on the next request. */
@QuarkusTest
class MenuCacheTest {

    @Inject
    MenuService menu;

    @Test
    void anEditShowsOnTheVeryNextRequest() {
        Product original = menu.menu().products().stream()
                .filter(p -> p.slug().equals("seeded-rye")).findFirst().orElseThrow();
        String before = given().get("/menu").asString();
        assertTrue(before.contains("$10.00"));
        assertFalse(before.contains("$11.50"));

        Product edited = new Product(original.id(), original.categoryId(), "Seeded Rye Deluxe", original.slug(),
                original.description(), 1150, original.unit(), original.dietary(), original.allergens(),
                original.photo(), original.photoWidth(), original.photoHeight(), original.featured(), original.soldOut(), false);
        try {
            assertTrue(menu.update(edited));
            String after = given().get("/menu").asString();
            assertTrue(after.contains("Seeded Rye Deluxe"), "new name shows at once");
            assertTrue(after.contains("$11.50"), "new price shows at once");
        } finally {
            menu.update(original);
        }
        assertTrue(given().get("/menu").asString().contains("<h3>Seeded Rye</h3>"));
    }
}
