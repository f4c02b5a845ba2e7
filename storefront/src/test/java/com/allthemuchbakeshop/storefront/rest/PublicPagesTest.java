package com.allthemuchbakeshop.storefront.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.service.MenuService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PublicPagesTest {

    private static final Pattern IMG = Pattern.compile("<img [^>]*>");

    @Inject
    MenuService menu;

    @Test
    void everyPublicPageAnswersWithItsContentAndSecurityHeaders() {
        String[][] pages = {
                { "/", "Baked this morning" },
                { "/menu", "Our menu" },
                { "/order", "Order request" },
                { "/about", "Visit us" },
                { "/signup", "Get our news" },
        };
        for (String[] page : pages) {
            Response r = given().get(page[0]);
            assertEquals(200, r.statusCode(), page[0]);
            assertTrue(r.asString().contains(page[1]), page[0] + " shows " + page[1]);
            assertTrue(r.asString().contains("All the Much Bake Shop"), page[0] + " names the bakery");
            assertTrue(r.asString().contains("214 Main Street"), page[0] + " shows the address");
            String csp = r.getHeader("Content-Security-Policy");
            assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
            assertFalse(csp.contains("unsafe-inline"));
            assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
            assertEquals("strict-origin-when-cross-origin", r.getHeader("Referrer-Policy"));
            assertEquals(null, r.getHeader("Server"), "no server name or version");
            assertFalse(r.asString().contains("<script"), page[0] + " has no scripts");
        }
    }

    @Test
    void menuShowsEveryCategoryAndProductWithPricesTagsAndSoldOut() {
        String html = given().get("/menu").then().statusCode(200).extract().asString();
        for (String category : List.of("Breads", "Pastries", "Cakes", "Cookies &amp; Bars")) {
            assertTrue(html.contains("<h2>" + category + "</h2>"), category);
        }
        List<Product> products = menu.menu().products();
        assertTrue(products.size() >= 24, "the sample menu, plus what other tests added");
        assertEquals(products.size(), html.split("<li class=\"card").length - 1, "one card per product");
        for (Product p : products) {
            assertTrue(html.contains("<h3>" + p.name().replace("'", "&#39;") + "</h3>"), p.name());
            assertTrue(html.contains(p.price()), p.name() + " price");
        }
        assertTrue(html.contains("Contains: wheat, dairy, eggs, tree nuts"), "allergens");
        assertTrue(html.contains("<li>vegan</li>"), "dietary tags");
        assertTrue(html.contains("Sold out today"), "the sample has a sold-out product");
    }

    @Test
    void imagesCarrySizeAltAndLazyLoadingBelowTheFold() {
        String html = given().get("/menu").asString();
        Matcher m = IMG.matcher(html);
        int count = 0;
        int eager = 0;
        while (m.find()) {
            String img = m.group();
            if (img.contains("/assets/logo.svg")) {
                continue;
            }
            count++;
            assertTrue(img.matches(".*width=\"400\".*") && img.matches(".*height=\"[1-9][0-9]*\".*"), img);
            assertTrue(img.matches(".*alt=\"[^\"]+\".*"), img);
            assertTrue(img.contains("srcset=\"/photos/"), img);
            if (!img.contains("loading=\"lazy\"")) {
                eager++;
            }
        }
        assertEquals(menu.menu().products().stream().filter(Product::hasPhoto).count(), count);
        assertEquals(2, eager, "only the first two photos, above the fold on a phone, load eagerly");
    }

    @Test
    void photosAreServedWithLongCacheLifetimes() {
        Product p = menu.menu().products().get(0);
        given().get(p.photoUrl(400)).then()
                .statusCode(200)
                .contentType("image/jpeg")
                .header("Cache-Control", "public, max-age=31536000, immutable");
        given().get("/photos/no-such-photo-400.jpg").then().statusCode(404);
        given().urlEncodingEnabled(false).get("/photos/..%2F..%2Fapplication.properties").then().statusCode(404);
        given().urlEncodingEnabled(false).get("/photos/%2e%2e/storefront/storefront.db").then().statusCode(404);
    }

    @Test
    void stylesheetIsVersionedAndCachedAndHasTheBrandColours() {
        String home = given().get("/").asString();
        Matcher m = Pattern.compile("href=\"(/assets/site.css\\?v=[0-9a-f]{12})\"").matcher(home);
        assertTrue(m.find(), "versioned stylesheet link");
        given().get(m.group(1)).then()
                .statusCode(200)
                .header("Cache-Control", containsString("immutable"))
                .body(startsWith(":root{--primary:#7a3b2e;--accent:#f2c14e;--background:#fff8ef}"));
    }

    @Test
    void unknownPagesGetAFriendlyNotFoundPage() {
        for (String path : List.of("/no-such-page", "/order/thanks/ZZZZZZ", "/order/thanks/../../etc/passwd", "/menu/x/y")) {
            given().get(path).then()
                    .statusCode(404)
                    .contentType(containsString("text/html"))
                    .body(containsString("Page not found"))
                    .body(containsString("All the Much Bake Shop"))
                    .body(not(containsString("Exception")))
                    .body(not(containsString("Quarkus")))
                    .body(not(containsString("RESTEasy")));
        }
    }

    @Test
    void wrongMethodGetsAReadablePage() {
        given().delete("/menu").then().statusCode(405).body(containsString("Not allowed"));
    }

    @Test
    void healthAndMetricsAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }

    @Test
    void formPagesSetACsrfCookieThatScriptsCannotRead() {
        Response r = given().get("/order");
        String setCookie = r.getHeader("Set-Cookie");
        assertTrue(setCookie.startsWith("csrf-token="), setCookie);
        assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), setCookie);
        java.util.regex.Matcher field = java.util.regex.Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(r.asString());
        assertTrue(field.find());
        assertTrue(!r.getCookie("csrf-token").equals(field.group(1)), "the cookie holds the token signed, not the token itself");
        assertNull(given().get("/menu").getCookie("csrf-token"), "pages without a form set no cookie");
    }

    @Test
    void robotsTxtKeepsCrawlersOutOfPrivatePages() {
        given().get("/robots.txt").then().statusCode(200).body(containsString("Disallow: /order/thanks/"));
    }
}
