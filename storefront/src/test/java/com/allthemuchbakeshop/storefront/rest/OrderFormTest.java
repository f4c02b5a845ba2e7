package com.allthemuchbakeshop.storefront.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.StoredOrder;
import com.allthemuchbakeshop.storefront.service.MenuService;
import com.allthemuchbakeshop.storefront.store.OrderStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrderFormTest {
    @Inject
    javax.sql.DataSource database;

    static final ZoneId BAKERY_ZONE = ZoneId.of("America/Chicago");

    @Inject
    OrderStore orders;

    @Inject
    MenuService menu;

    private Product croissant() {
        return menu.menu().products().stream().filter(p -> p.slug().equals("butter-croissant")).findFirst().orElseThrow();
    }

    private Map<String, String> validOrder() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Ada Baker");
        form.put("email", "ada@example.com");
        form.put("phone", "(555) 010-2233");
        form.put("fulfilment", "pickup");
        form.put("date", LocalDate.now(BAKERY_ZONE).plusDays(5).toString());
        form.put("qty-" + croissant().id(), "6");
        form.put("request", "A lemon cake saying <script>alert('hi')</script>");
        form.put("notes", "Nut allergy in the family");
        return form;
    }

    @Test
    void commitsAreDurableAcrossAPowerCut() throws Exception {
        // WAL with synchronous=FULL: a commit is on the card before the answer, so a power cut
        // cannot take back what the customer was already told was received (NORMAL could).
        java.util.List<java.sql.Connection> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) { // several connections at once: each is set up, not only the first
                java.sql.Connection c = database.getConnection();
                open.add(c);
                try (var st = c.createStatement(); var sync = st.executeQuery("PRAGMA synchronous")) {
                    sync.next();
                    assertEquals(2, sync.getInt(1), "PRAGMA synchronous is FULL (2)");
                }
                try (var st = c.createStatement(); var mode = st.executeQuery("PRAGMA journal_mode")) {
                    mode.next();
                    assertEquals("wal", mode.getString(1));
                }
            }
        } finally {
            for (java.sql.Connection c : open) {
                c.close();
            }
        }
    }

    @Test
    void validOrderIsStoredThenConfirmedWithAReference() {
        FormSession visitor = new FormSession();
        visitor.open("/order");
        long before = orders.count();

        Response posted = visitor.post("/order", validOrder());

        assertEquals(303, posted.statusCode(), posted.asString());
        String location = posted.getHeader("Location");
        assertTrue(location.matches(".*/order/thanks/[2-9A-Z]{6}"), location);
        String reference = location.substring(location.length() - 6);
        assertEquals(before + 1, orders.count());

        StoredOrder stored = orders.findByReference(reference).orElseThrow();
        assertEquals("Ada Baker", stored.request().name());
        assertEquals("pending", stored.notificationStatus(), "the notifier has not taken it yet");
        assertEquals(1, stored.request().items().size());
        assertEquals(6, stored.request().items().get(0).quantity());
        assertEquals(425, stored.request().items().get(0).unitPriceCents());

        given().get("/order/thanks/" + reference).then()
                .statusCode(200)
                .body(containsString(reference))
                .body(containsString("6 &times; Butter Croissant"))
                .body(containsString("&lt;script&gt;alert("))
                .body(not(containsString("<script>")))
                .body(not(containsString("ada@example.com")));
    }

    @Test
    void sendingTheSameFormTwiceStoresOneOrder() {
        FormSession visitor = new FormSession();
        visitor.open("/order");
        long before = orders.count();

        String first = visitor.post("/order", validOrder()).getHeader("Location");
        String second = visitor.post("/order", validOrder()).getHeader("Location");

        assertEquals(first, second);
        assertEquals(before + 1, orders.count());
    }

    @Test
    void anEditedFormSentAgainIsANewOrderNotADuplicate() {
        FormSession visitor = new FormSession();
        visitor.open("/order");
        long before = orders.count();
        String first = visitor.post("/order", validOrder()).getHeader("Location");
        Map<String, String> edited = validOrder();
        edited.put("qty-" + croissant().id(), "12");
        String second = visitor.post("/order", edited).getHeader("Location");
        assertTrue(!first.equals(second), "the back button and a changed quantity make a second order");
        assertEquals(before + 2, orders.count());
    }

    @Test
    void eachInvalidFieldComesBackWithItsMessageAndTheInputKept() {
        String past = LocalDate.now(BAKERY_ZONE).minusDays(1).toString();
        String tomorrow = LocalDate.now(BAKERY_ZONE).plusDays(1).toString();
        String farAway = LocalDate.now(BAKERY_ZONE).plusDays(400).toString();
        String qty = "qty-" + croissant().id();
        Object[][] cases = {
                { "name", "", "Please enter your name." },
                { "name", "x".repeat(10_000), "Please shorten your name to at most 100 characters." },
                { "name", "Ada\r\nBcc: victim@example.com", "Please keep your name on one line" },
                { "email", "not-an-email", "Please enter an email address like name@example.com." },
                { "email", "ada@example.com\r\nBcc: victim@example.com", "Please keep your email address on one line" },
                { "email", "ada@example.com,", "Please enter an email address like name@example.com." },
                { "email", "Ada <ada@example.com>", "Please enter an email address like name@example.com." },
                { "phone", "call me maybe", "Please enter a phone number we can call" },
                { "fulfilment", "teleport", "Please choose pickup or delivery." },
                { "date", past, "We need at least 2 days&#39; notice" },
                { "date", tomorrow, "We need at least 2 days&#39; notice" },
                { "date", "next friday", "Please enter the date as year-month-day" },
                { "date", "2026-13-45", "Please enter the date as year-month-day" },
                { "date", farAway, "We take orders up to 120 days ahead" },
                { qty, "-3", "The quantity of Butter Croissant can&#39;t be negative." },
                { qty, "99999999999", "We can take up to 200 of Butter Croissant online" },
                { qty, "201", "We can take up to 200 of Butter Croissant online" },
                { qty, "2.5", "Please enter a whole number for Butter Croissant." },
                { "qty-987654", "3", "Something you picked is no longer on our menu" },
                { "notes", "n".repeat(2001), "Please shorten your notes to at most 2000 characters." },
                { "request", "bell\u0007", "Please remove special characters from your request." },
        };
        for (Object[] c : cases) {
            String field = (String) c[0];
            Map<String, String> form = validOrder();
            form.put(field, (String) c[1]);
            assertRefused(form, (String) c[2], "field " + field + " = " + abbreviate((String) c[1]));
        }
    }

    @Test
    void deliveryNeedsAnAddressAndAnOrderNeedsSomething() {
        Map<String, String> delivery = validOrder();
        delivery.put("fulfilment", "delivery");
        assertRefused(delivery, "Please tell us where to deliver.", "delivery without address");

        Map<String, String> nothing = validOrder();
        nothing.remove("qty-" + croissant().id());
        nothing.put("request", "");
        assertRefused(nothing, "Tell us what you would like", "no items and no request");
    }

    @Test
    void invalidUtf8IsRefusedNotStored() {
        FormSession visitor = new FormSession();
        visitor.open("/order");
        long before = orders.count();
        String body = "csrf-token=" + visitor.token() + "&submission=" + visitor.submission()
                + "&name=%FF%FEAda&email=ada%40example.com&phone=5550102233&fulfilment=pickup&date="
                + LocalDate.now(BAKERY_ZONE).plusDays(5) + "&request=cake";
        Response r = visitor.request().contentType("application/x-www-form-urlencoded")
                .body(body).post("/order");
        assertEquals(400, r.statusCode(), r.asString());
        assertTrue(r.asString().contains("could not be read"), "says which field could not be read");
        assertEquals(before, orders.count());
    }

    @Test
    void formWithoutCsrfTokenIsRefusedWithAReadablePage() {
        FormSession visitor = new FormSession();
        visitor.open("/order");
        long before = orders.count();

        Map<String, String> form = validOrder();
        form.put("csrf-token", "");
        Response noToken = visitor.post("/order", form);
        Response noCookie = given().header(FormRateLimitFilter.CLIENT_HEADER, visitor.clientAddress)
                .formParams(validOrder()).formParam("csrf-token", visitor.token()).post("/order");
        Response forged = visitor.post("/order", withToken(validOrder(), "A".repeat(43)));
        // The classic double-submit forgery: a cookie planted (by a subdomain, or over plain http)
        // with the same value as the form field. The real cookie holds the token signed, so it fails.
        String planted = "B".repeat(43);
        Map<String, String> plantedForm = withToken(validOrder(), planted);
        plantedForm.put("submission", visitor.submission());
        Response plantedCookie = given().header(FormRateLimitFilter.CLIENT_HEADER, visitor.clientAddress)
                .cookie("csrf-token", planted).formParams(plantedForm).post("/order");

        for (Response r : new Response[] { noToken, noCookie, forged, plantedCookie }) {
            assertEquals(400, r.statusCode());
            assertTrue(r.asString().contains("Please try that again"), r.asString());
            assertEquals("text/html;charset=UTF-8", r.getContentType().replace(" ", ""));
        }
        assertEquals(before, orders.count());
    }

    @Test
    void wrongContentTypeAndEmptyBodyGetA4xxNeverA500() {
        FormSession visitor = new FormSession();
        visitor.open("/order");
        long before = orders.count();

        Response json = visitor.request().contentType("application/json").body("{\"name\":\"Ada\"}").post("/order");
        Response empty = visitor.request().contentType("application/x-www-form-urlencoded").body("").post("/order");
        Response noType = visitor.request().body("name=Ada").post("/order");
        Response noFields = visitor.request().contentType("application/x-www-form-urlencoded").body("&&&").post("/order");
        Response emptySignUp = visitor.request().contentType("application/x-www-form-urlencoded").body("").post("/signup");
        Response emptySignIn = visitor.request().contentType("application/x-www-form-urlencoded").body("").post("/admin/sign-in");
        Response emptyMultipart = visitor.request().contentType("multipart/form-data; boundary=x").body(new byte[0]).post("/signup");

        for (Response r : new Response[] { json, empty, noType, noFields, emptySignUp, emptySignIn, emptyMultipart }) {
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, "status " + r.statusCode());
            assertFalse(r.asString().contains("Exception"), r.asString());
        }
        assertEquals(before, orders.count());
    }

    @Test
    void oversizedBodyIsRefusedWith413() {
        FormSession visitor = new FormSession();
        visitor.open("/order");
        long before = orders.count();
        Map<String, String> form = validOrder();
        form.put("notes", "n".repeat(100_000));

        Response r = visitor.post("/order", form);

        assertEquals(413, r.statusCode());
        assertEquals(before, orders.count());
    }

    @Test
    void tooManyPostsFromOneClientGet429WithAReadablePage() {
        FormSession visitor = new FormSession();
        visitor.open("/order");
        Map<String, String> invalid = validOrder();
        invalid.put("name", "");
        for (int i = 0; i < 10; i++) {
            assertEquals(400, visitor.post("/order", invalid).statusCode(), "post " + (i + 1) + " is within the limit");
        }

        Response limited = visitor.post("/order", validOrder());

        assertEquals(429, limited.statusCode());
        assertTrue(Integer.parseInt(limited.getHeader("Retry-After")) > 0);
        assertTrue(limited.asString().contains("Please slow down"), limited.asString());
        // another client is not affected
        FormSession other = new FormSession();
        other.open("/order");
        assertEquals(303, other.post("/order", validOrder()).statusCode());
    }

    @Test
    void theHiddenFieldThatBotsFillRefusesTheOrder() {
        FormSession bot = new FormSession();
        assertTrue(bot.open("/order").asString().contains("name=\"website\""), "the trap is in the form");
        long before = orders.count();
        Map<String, String> form = validOrder();
        form.put("website", "https://spam.example");
        Response r = bot.post("/order", form);
        assertEquals(400, r.statusCode());
        assertTrue(r.asString().contains("Leave this empty"), "a person who filled it is told what to do");
        assertTrue(r.asString().contains("Nut allergy in the family"), "and keeps what they typed");
        assertEquals(before, orders.count(), "nothing stored, so nothing is sent");
        form.put("website", "");
        assertEquals(303, bot.post("/order", form).statusCode());
    }

    @Test
    void thankYouPagesAreLimitedPerClientSoReferencesCannotBeWalked() {
        String walker = "2001:db8:ffff:1::1";
        int found = 0;
        for (int i = 0; i < FormRateLimitFilter.THANKS_PAGES_PER_WINDOW; i++) {
            int status = given().header(FormRateLimitFilter.CLIENT_HEADER, walker).get("/order/thanks/ZZZZ" + (char) ('A' + i % 26) + "2")
                    .statusCode();
            found += status == 404 ? 1 : 0;
        }
        assertEquals(FormRateLimitFilter.THANKS_PAGES_PER_WINDOW, found, "guesses answer 404 up to the limit");
        Response limited = given().header(FormRateLimitFilter.CLIENT_HEADER, walker).get("/order/thanks/ZZZZZ3");
        assertEquals(429, limited.statusCode());
        assertTrue(Integer.parseInt(limited.getHeader("Retry-After")) > 0);
        assertEquals(404, given().header(FormRateLimitFilter.CLIENT_HEADER, "2001:db8:ffff:2::1").get("/order/thanks/ZZZZZ3").statusCode(),
                "another client is not affected");
    }

    @Test
    void rejectedInputIsShownBackEscaped() {
        FormSession visitor = new FormSession();
        visitor.open("/order");
        Map<String, String> form = validOrder();
        form.put("name", "<b>Bob</b>\"onmouseover=\"x");
        form.put("phone", "nope");

        Response r = visitor.post("/order", form);

        assertEquals(400, r.statusCode());
        String html = r.asString();
        assertTrue(html.contains("value=\"&lt;b&gt;Bob&lt;/b&gt;&quot;onmouseover=&quot;x\""), "name echoed escaped");
        assertFalse(html.contains("<b>Bob</b>"));
        assertTrue(html.contains("Nut allergy in the family"), "other input kept");
    }

    private void assertRefused(Map<String, String> form, String message, String what) {
        FormSession visitor = new FormSession();
        visitor.open("/order");
        long before = orders.count();
        Response r = visitor.post("/order", form);
        assertEquals(400, r.statusCode(), what);
        String html = r.asString();
        assertTrue(html.contains(message), what + ": expected message '" + message + "'");
        assertTrue(html.contains("value=\"(555) 010-2233\"") || what.startsWith("field phone"), what + ": input kept");
        assertEquals(before, orders.count(), what + ": nothing stored");
    }

    private static Map<String, String> withToken(Map<String, String> form, String token) {
        form.put("csrf-token", token);
        return form;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
