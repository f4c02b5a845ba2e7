package com.allthemuchbakeshop.notifier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request Twilio refuses (400: not a valid number) is given up at once: retrying cannot help. */
@QuarkusTest
@TestProfile(TwilioRejectionTest.BadNumber.class)
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = FakeTwilio.class, restrictToAnnotatedClass = true)
class TwilioRejectionTest {

    /** The owner's number as Twilio would refuse it (valid E.164 shape for us, unknown exchange for the fake). */
    public static class BadNumber extends TwilioChannelTest.Twilio {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new java.util.HashMap<>(super.getConfigOverrides());
            overrides.put("notifier.twilio.auth-token", "a-wrong-token-0123456789");
            return overrides;
        }
    }

    @jakarta.inject.Inject
    com.allthemuchbakeshop.notifier.store.OutboxStore outbox;

    /** The outbox id of the notification's text message (the second message: owner email first). */
    private long messageIdOfText(long notificationId) {
        return outbox.messageIds(notificationId).get(1);
    }

    @Test
    void aRejectedRequestIsNotRetried() throws Exception {
        int before = FakeTwilio.REQUESTS.get();
        long id = given().header("Authorization", NotificationApiTest.TOKEN).contentType("application/json")
                .body(Map.of("kind", "order-received", "idempotencyKey", "order-REJ001-owner",
                        "data", NotificationApiTest.order("REJ001", "Ada Baker", "ada@example.com")))
                .post("/api/notifications").jsonPath().getLong("id");
        Map<String, Object> text = null;
        for (int i = 0; i < 100 && (text == null || "pending".equals(text.get("state"))); i++) {
            Thread.sleep(100);
            text = given().header("Authorization", NotificationApiTest.TOKEN).get("/api/notifications/" + id)
                    .jsonPath().getMap("messages.find { it.channel == 'twilio' }");
        }
        assertEquals("failed", text.get("state"));
        assertEquals(1, text.get("attempts"));
        assertTrue(String.valueOf(text.get("lastResult")).startsWith("Twilio 401"), String.valueOf(text.get("lastResult")));
        Thread.sleep(2500);
        assertEquals(before + 2, FakeTwilio.REQUESTS.get(), "one request for the order's text, one for the alert's text; neither repeated, no alert about an alert");
        var alerts = outbox.findByKey("undeliverable-" + (messageIdOfText(id))).orElseThrow(
                () -> new AssertionError("no alert was queued for the owner"));
        assertEquals("alert", alerts.kind());
        assertTrue(alerts.messages().stream().anyMatch(m -> m.channel().equals("email") && m.recipientDomain().equals("allthemuchbakeshop.test")),
                "the owner is told by email that a text could not be delivered");
    }
}
