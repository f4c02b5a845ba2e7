package com.allthemuchbakeshop.storefront.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.service.MenuService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
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

    @TestHTTPResource("/")
    URI root;

    @Test
    void cachedPagesAreGzippedOnceForClientsThatAcceptIt() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String page : new String[] {"menu", "about"}) {
            HttpResponse<byte[]> plain = http.send(HttpRequest.newBuilder(root.resolve(page)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(root.resolve(page))
                    .header("Accept-Encoding", "gzip, deflate, br").build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(root.resolve(page))
                    .header("Accept-Encoding", "identity").build(), HttpResponse.BodyHandlers.ofByteArray());

            assertEquals(Optional.empty(), plain.headers().firstValue("Content-Encoding"), page);
            assertEquals(Optional.of("gzip"), zipped.headers().firstValue("Content-Encoding"), page);
            assertEquals(Optional.empty(), refused.headers().firstValue("Content-Encoding"), page);
            for (HttpResponse<byte[]> r : java.util.List.of(plain, zipped, refused)) {
                assertEquals(200, r.statusCode());
                assertTrue(r.headers().firstValue("Vary").orElse("").contains("Accept-Encoding"), page + " varies by encoding");
            }
            // Once compressed, not twice: the bytes unzip to exactly the plain page.
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                assertArrayEquals(plain.body(), in.readAllBytes(), page);
            }
            assertTrue(zipped.body().length < plain.body().length, page + " is smaller zipped");
        }
    }
}
