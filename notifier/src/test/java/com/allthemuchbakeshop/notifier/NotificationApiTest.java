package com.allthemuchbakeshop.notifier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(SmtpServer.class)
class NotificationApiTest {
    @Inject
    javax.sql.DataSource database;

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


    static final String TOKEN = "Bearer test-token-0123456789abcdef0123456789abcdef";
    static final String OWNER = "katie@allthemuchbakeshop.test";
    static final String GATEWAY = "5550104477@vtext.test";

    static Map<String, Object> order(String reference, String name, String email) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reference", reference);
        data.put("name", name);
        data.put("email", email);
        data.put("phone", "(555) 010-2233");
        data.put("fulfilment", "Pickup");
        data.put("wantedOn", "2026-12-24");
        data.put("items", List.of(Map.of("quantity", 6, "name", "Butter Croissant"), Map.of("quantity", 1, "name", "Baguette")));
        data.put("request", "Happy birthday <script>alert(1)</script> & thanks");
        data.put("notes", "Nut allergy");
        return data;
    }

    static Response post(String kind, String key, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("idempotencyKey", key);
        body.put("data", data);
        return given().header("Authorization", TOKEN).contentType("application/json").body(body).post("/api/notifications");
    }

    /** Messages received so far whose text mentions {@code marker}. */
    static List<MimeMessage> received(String marker) {
        return Arrays.stream(SmtpServer.up().getReceivedMessages())
                .filter(m -> GreenMailUtil.getWholeMessage(m).contains(marker) || subject(m).contains(marker))
                .collect(Collectors.toList());
    }

    static List<MimeMessage> awaitReceived(String marker, int count, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        List<MimeMessage> got = received(marker);
        while (got.size() < count && Instant.now().isBefore(end)) {
            Thread.sleep(100);
            got = received(marker);
        }
        return got;
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded body part of this type (HTML or plain text) of a multipart message. */
    static String part(MimeMessage m, String type) throws Exception {
        Object content = m.getContent();
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                var p = multipart.getBodyPart(i);
                if (p.isMimeType(type)) {
                    return String.valueOf(p.getContent());
                }
                if (p.getContent() instanceof jakarta.mail.Multipart nested) {
                    for (int j = 0; j < nested.getCount(); j++) {
                        if (nested.getBodyPart(j).isMimeType(type)) {
                            return String.valueOf(nested.getBodyPart(j).getContent());
                        }
                    }
                }
            }
        }
        return m.isMimeType(type) ? String.valueOf(content) : "";
    }

    static Set<String> recipients(MimeMessage m) throws Exception {
        Address[] to = m.getRecipients(Message.RecipientType.TO);
        Address[] cc = m.getRecipients(Message.RecipientType.CC);
        Address[] bcc = m.getRecipients(Message.RecipientType.BCC);
        Set<String> all = new HashSet<>();
        for (Address[] list : new Address[][] { to, cc, bcc }) {
            if (list != null) {
                Arrays.stream(list).map(Address::toString).forEach(all::add);
            }
        }
        return all;
    }

    static MimeMessage only(List<MimeMessage> messages, Predicate<MimeMessage> which) {
        List<MimeMessage> found = messages.stream().filter(which).toList();
        assertEquals(1, found.size(), "exactly one such message");
        return found.get(0);
    }

    static Predicate<MimeMessage> to(String address) {
        return m -> {
            try {
                return recipients(m).contains(address);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void oneOrderMakesExactlyThreeMessagesToTheRightPeople() throws Exception {
        assertEquals(202, post("order-received", "order-K7QX2M-owner", order("K7QX2M", "Ada Baker", "ada@example.com")).statusCode());
        Response confirmation = post("order-confirmation", "order-K7QX2M-customer", order("K7QX2M", "Ada Baker", "ada@example.com"));
        assertEquals(202, confirmation.statusCode());

        List<MimeMessage> got = awaitReceived("K7QX2M", 3, Duration.ofSeconds(10));
        Thread.sleep(500);
        got = received("K7QX2M");
        assertEquals(3, got.size(), "owner email, owner text, customer confirmation");

        MimeMessage owner = only(got, to(OWNER));
        assertTrue(subject(owner).startsWith("New order K7QX2M: Ada Baker, Pickup Thu Dec 24"), subject(owner));
        String ownerHtml = part(owner, "text/html");
        assertTrue(ownerHtml.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; thanks"), "customer text escaped in HTML");
        assertFalse(ownerHtml.contains("<script>alert"), "never raw in HTML");
        assertTrue(part(owner, "text/plain").contains("Happy birthday <script>alert(1)</script> & thanks"), "plain text as typed");
        assertTrue(Arrays.stream(owner.getReplyTo()).anyMatch(a -> a.toString().contains("ada@example.com")), "reply goes to the customer");

        MimeMessage text = only(got, to(GATEWAY));
        String sms = GreenMailUtil.getBody(text).strip();
        assertTrue(sms.length() <= 160, sms.length() + ": " + sms);
        assertTrue(sms.startsWith("New order K7QX2M: Ada Baker, Pickup Thu Dec 24."), sms);
        assertFalse(sms.contains("<"), "plain text");

        MimeMessage customer = only(got, to("ada@example.com"));
        assertTrue(subject(customer).contains("K7QX2M"));
        assertTrue(Arrays.stream(customer.getReplyTo()).anyMatch(a -> a.toString().contains(OWNER)), "replies reach the owner");
        assertTrue(GreenMailUtil.getWholeMessage(customer).contains("What happens next"));
        assertTrue(part(customer, "text/plain").startsWith("Thank you, Ada!"), part(customer, "text/plain"));
        assertNotNull(customer.getMessageID());

        long id = confirmation.jsonPath().getLong("id");
        given().header("Authorization", TOKEN).get("/api/notifications/" + id).then()
                .statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("delivered"))
                .body("messages[0].recipientDomain", org.hamcrest.Matchers.equalTo("example.com"))
                .body("messages[0].attempts", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void theCustomersCopyCarriesNoTextOfTheirs() throws Exception {
        // What a spammer would type to reach a stranger from the bakery's signed domain.
        Map<String, Object> pitch = order("PITCH1", "www.cheap-pills.example/buy Win a prize", "stranger@example.com");
        pitch.put("request", "Claim your prize at https://cheap-pills.example now");
        pitch.put("notes", "Call +1 555 0100");
        pitch.put("deliveryAddress", "https://cheap-pills.example");
        assertEquals(202, post("order-confirmation", "order-PITCH1-customer", pitch).statusCode());
        MimeMessage customer = awaitReceived("PITCH1", 1, Duration.ofSeconds(10)).get(0);
        String whole = GreenMailUtil.getWholeMessage(customer);
        for (String typed : List.of("cheap-pills", "prize", "Claim", "0100", "Win")) {
            assertFalse(whole.contains(typed), "the customer's copy does not carry '" + typed + "'");
        }
        assertTrue(part(customer, "text/plain").startsWith("Thank you!"), "no name when the first word is not a plain name");
        assertTrue(part(customer, "text/plain").contains("Your special request reached us too"));
        assertTrue(part(customer, "text/plain").contains("6 x Butter Croissant"), "the catalogue's items are restated");
    }

    @Test
    void aDeveloperReportGoesToTheDeveloperAloneNeverToTheOwnersPhone() throws Exception {
        Map<String, Object> data = new java.util.HashMap<>(Map.of("subject", "Backup failed: bakeshop-20261202T093000Z-nightly",
                "message", "DEVREPORT1: the remote refused the upload"));
        assertEquals(202, post("developer-report", "backup-DEVREPORT1", data).statusCode());
        List<MimeMessage> got = awaitReceived("DEVREPORT1", 1, Duration.ofSeconds(10));
        Thread.sleep(1000);
        got = received("DEVREPORT1");
        assertEquals(1, got.size(), "one email, no text");
        assertEquals(1, got.stream().filter(to("gerell@allthemuchbakeshop.test")).count(), "to DEVELOPER_EMAIL");
    }

    @Test
    void theSameIdempotencyKeySendsOnce() throws Exception {
        Response first = post("order-received", "order-DUP001-owner", order("DUP001", "Grace Hopper", "grace@example.com"));
        Response again = post("order-received", "order-DUP001-owner", order("DUP001", "Grace Hopper", "grace@example.com"));
        assertEquals(first.jsonPath().getLong("id"), again.jsonPath().getLong("id"));
        assertTrue(again.jsonPath().getBoolean("duplicate"));
        awaitReceived("DUP001", 2, Duration.ofSeconds(10));
        Thread.sleep(1000);
        assertEquals(2, received("DUP001").size(), "owner email and text, once");
    }

    @Test
    void malformedRequestsAreRefusedNamingTheField() {
        Object[][] cases = {
                { Map.of("idempotencyKey", "x1", "data", Map.of()), "kind" },
                { Map.of("kind", "pigeon", "idempotencyKey", "x2", "data", Map.of()), "kind" },
                { Map.of("kind", "order-received", "data", order("BAD001", "A", "a@example.com")), "idempotencyKey" },
                { Map.of("kind", "order-received", "idempotencyKey", "x3"), "data" },
                { Map.of("kind", "signup-welcome", "idempotencyKey", "x4", "data", Map.of("email", "nobody",
                        "unsubscribeUrl", "https://x.example/u")), "data.email" },
                { Map.of("kind", "signup-welcome", "idempotencyKey", "x5", "data", Map.of("email", "a@example.com",
                        "confirmUrl", "http://localhost:8080/signup/confirm?token=t", "unsubscribeUrl", "javascript:alert(1)")),
                        "data.unsubscribeUrl" },
                { Map.of("kind", "signup-welcome", "idempotencyKey", "x7", "data", Map.of("email", "a@example.com",
                        "confirmUrl", "https://evil.example/win", "unsubscribeUrl", "http://localhost:8080/unsubscribe?token=t")),
                        "data.confirmUrl" },
        };
        for (Object[] c : cases) {
            given().header("Authorization", TOKEN).contentType("application/json").body(c[0]).post("/api/notifications").then()
                    .statusCode(400)
                    .body("field", org.hamcrest.Matchers.equalTo(c[1]));
        }
        Map<String, Object> badItems = order("BAD002", "Ada", "a@example.com");
        badItems.put("items", List.of(Map.of("quantity", -1, "name", "Baguette")));
        assertEquals("data.items[0]", post("order-received", "x6", badItems).jsonPath().getString("field"));
        given().header("Authorization", TOKEN).contentType("application/json").body("{not json").post("/api/notifications")
                .then().statusCode(400);
    }

    @Test
    void headerInjectionCannotAddARecipientOrAHeader() throws Exception {
        String[][] attempts = {
                { "name", "Mallory\r\nBcc: victim@evil.example" },
                { "email", "mallory@example.com\r\nBcc: victim@evil.example" },
                { "email", "mallory@example.com, victim@evil.example" },
                { "reference", "INJ001\nX-Injected: yes" },
        };
        for (String[] a : attempts) {
            Map<String, Object> data = order("INJ001", "Mallory", "mallory@example.com");
            data.put(a[0], a[1]);
            Response r = post("order-received", "inj-" + a[0] + a[1].hashCode(), data);
            assertEquals(400, r.statusCode(), a[0]);
            assertEquals("data." + a[0], r.jsonPath().getString("field"));
        }
        assertEquals(400, post("alert", "inj-alert", Map.of("subject", "Site down\r\nBcc: victim@evil.example", "message", "x"))
                .statusCode());

        // Accepted oddities (quotes, angle brackets, non-ASCII) stay inside their header.
        Map<String, Object> odd = order("INJ002", "\"Zoë\" <zoe@evil.example> O'Neil", "zoe@example.com");
        assertEquals(202, post("order-received", "inj-odd", odd).statusCode());
        List<MimeMessage> got = awaitReceived("INJ002", 2, Duration.ofSeconds(10));
        assertEquals(2, got.size());
        for (MimeMessage m : got) {
            assertFalse(recipients(m).stream().anyMatch(r -> r.contains("evil.example")), "no extra recipient: " + recipients(m));
            assertEquals(null, m.getHeader("X-Injected"));
        }
        Thread.sleep(300);
        assertTrue(Arrays.stream(SmtpServer.up().getReceivedMessages()).noneMatch(m -> {
            try {
                return recipients(m).stream().anyMatch(r -> r.contains("victim@evil.example"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), "nobody at evil.example ever got anything");
    }

    @Test
    void whenSmtpIsDownTwentyOrdersAreAllDeliveredOnceItIsBack() throws Exception {
        SmtpServer.down();
        try {
            for (int i = 0; i < 20; i++) {
                String ref = String.format("DOWN%02d", i);
                assertEquals(202, post("order-received", "order-" + ref + "-owner", order(ref, "Customer " + i, "c" + i + "@example.com")).statusCode());
                assertEquals(202, post("order-confirmation", "order-" + ref + "-customer", order(ref, "Customer " + i, "c" + i + "@example.com")).statusCode());
            }
            Thread.sleep(2500);
            Response state = given().header("Authorization", TOKEN).get("/api/notifications/"
                    + post("order-received", "order-DOWN00-owner", order("DOWN00", "Customer 0", "c0@example.com")).jsonPath().getLong("id"));
            assertEquals("pending", state.jsonPath().getString("state"));
            assertTrue(state.jsonPath().getInt("messages[0].attempts") >= 2, "it kept trying: " + state.asString());
            assertTrue(state.jsonPath().getString("messages[0].lastResult").length() > 0);
        } finally {
            SmtpServer.up();
        }
        List<MimeMessage> got = awaitReceived("DOWN", 60, Duration.ofSeconds(60));
        Thread.sleep(2000);
        got = received("DOWN");
        assertEquals(60, got.size(), "20 orders x (owner email + owner text + customer confirmation), each once");
        Set<String> ids = new HashSet<>();
        for (MimeMessage m : got) {
            ids.add(m.getMessageID());
        }
        assertEquals(60, ids.size(), "60 different messages, no duplicates");
    }
}
