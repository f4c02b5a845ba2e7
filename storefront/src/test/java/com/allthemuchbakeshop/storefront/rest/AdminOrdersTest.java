package com.allthemuchbakeshop.storefront.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.storefront.store.OrderStore;
import com.allthemuchbakeshop.storefront.store.SubscriberStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminOrdersTest {

    @Inject
    OrderStore orders;

    @Inject
    SubscriberStore subscribers;

    /** Places an order through the public form, as a customer would; returns its reference. */
    private static String placeOrder(String name, String email, String notes, LocalDate date) {
        FormSession customer = new FormSession();
        customer.open("/order");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("email", email);
        form.put("phone", "555 010 7777");
        form.put("fulfilment", "pickup");
        form.put("date", date.toString());
        form.put("request", "A dozen cupcakes");
        form.put("notes", notes);
        Response r = customer.post("/order", form);
        assertEquals(303, r.statusCode(), r.asString());
        String location = r.getHeader("Location");
        return location.substring(location.length() - 6);
    }

    @Test
    void ordersAreListedNewestFirstSearchableAndTheirStatusCanChange() {
        LocalDate date = LocalDate.now(OrderFormTest.BAKERY_ZONE).plusDays(9);
        String first = placeOrder("Rosalind Franklin", "rosalind@example.com", "", date);
        String second = placeOrder("Barbara McClintock", "barbara@example.com", "<script>alert(1)</script>", date);

        AdminSession katie = AdminSession.signedIn();
        String list = katie.open("/admin/orders").asString();
        assertTrue(list.indexOf(second) < list.indexOf(first), "newest first");
        assertTrue(list.contains("notification: pending"));

        String byName = katie.open("/admin/orders?q=rosalind").asString();
        assertTrue(byName.contains(first) && !byName.contains(second));
        String byDate = katie.open("/admin/orders?date=" + date).asString();
        assertTrue(byDate.contains(first) && byDate.contains(second));

        String detail = katie.open("/admin/order?ref=" + second).asString();
        assertTrue(detail.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "customer notes shown escaped");
        assertFalse(detail.contains("<script>"));

        Response saved = katie.post("/admin/order/status", Map.of("ref", second, "status", "confirmed"));
        assertEquals(303, saved.statusCode());
        assertEquals("confirmed", orders.findByReference(second).orElseThrow().status());
        assertEquals(404, katie.post("/admin/order/status", Map.of("ref", second, "status", "eaten")).statusCode());
        String confirmed = katie.open("/admin/orders?status=confirmed").asString();
        assertTrue(confirmed.contains(second) && !confirmed.contains(first));
    }

    @Test
    void ordersCsvOpensInSpreadsheetsAndNeutralisesFormulas() {
        LocalDate date = LocalDate.now(OrderFormTest.BAKERY_ZONE).plusDays(11);
        String ref = placeOrder("=HYPERLINK(\"http://evil.example\",\"Zoë\")", "zoe@example.com", "+1 call me; -ok; @home", date);

        AdminSession katie = AdminSession.signedIn();
        Response csv = katie.open("/admin/orders.csv?date=" + date);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.getContentType().startsWith("text/csv"));
        assertTrue(csv.getHeader("Content-Disposition").startsWith("attachment; filename=\"orders-"));
        String body = new String(csv.asByteArray(), StandardCharsets.UTF_8);
        assertTrue(body.startsWith("\uFEFF\"Reference\""), "UTF-8 with BOM");
        assertTrue(body.contains("\"" + ref + "\""));
        assertTrue(body.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Zoë\"\")\""), body);
        assertTrue(body.contains("\"'+1 call me; -ok; @home\""), body);
        assertFalse(body.contains(",\"=HYPERLINK"));
    }

    @Test
    void subscribersCanBeListedRemovedAndExported() {
        FormSession visitor = new FormSession();
        visitor.open("/");
        visitor.post("/signup", Map.of("email", "ada.lovelace@example.com"));
        visitor.post("/signup", Map.of("email", "=1+2@example.com"));
        visitor.post("/signup", Map.of("email", "never.confirmed@example.com"));
        for (String confirmedBy : List.of("ada.lovelace@example.com", "=1+2@example.com")) {
            subscribers.confirm(subscribers.findByEmail(confirmedBy).orElseThrow().token(), java.time.Instant.now());
        }

        AdminSession katie = AdminSession.signedIn();
        String page = katie.open("/admin/subscribers").asString();
        assertTrue(page.contains("ada.lovelace@example.com"));
        assertTrue(page.contains("never.confirmed@example.com") && page.contains("waiting for them to confirm"), "unconfirmed ones are shown as such");

        String csv = new String(katie.open("/admin/subscribers.csv").asByteArray(), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFF\"Email\",\"Signed up\"\r\n"));
        assertTrue(csv.contains("\"ada.lovelace@example.com\""));
        assertTrue(csv.contains("\"'=1+2@example.com\""), csv);
        assertFalse(csv.contains("never.confirmed"), "the export holds only confirmed sign-ups");

        long id = subscribers.list().stream().filter(s -> s.email().equals("ada.lovelace@example.com")).findFirst().orElseThrow().id();
        katie.open("/admin/subscribers");
        assertEquals(303, katie.post("/admin/subscribers/remove", Map.of("id", id, "confirm", "yes")).statusCode());
        assertTrue(subscribers.findByEmail("ada.lovelace@example.com").isEmpty());
        assertFalse(katie.open("/admin/subscribers.csv").asString().contains("ada.lovelace"));
    }
}
