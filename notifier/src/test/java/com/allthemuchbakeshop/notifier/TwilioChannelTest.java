package com.allthemuchbakeshop.notifier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The owner's texts through Twilio's Messages API (a local server speaking its contract). */
@QuarkusTest
@TestProfile(TwilioChannelTest.Twilio.class)
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = FakeTwilio.class, restrictToAnnotatedClass = true)
class TwilioChannelTest {

    public static class Twilio implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("notifier.owner.text-channel", "twilio",
                    "notifier.owner.phone", "+15550104477",
                    "notifier.twilio.account-sid", FakeTwilio.SID,
                    "notifier.twilio.auth-token", FakeTwilio.TOKEN,
                    "notifier.twilio.from", "+15557654321");
        }
    }

    private static Response alert(String key, String subject) {
        return given().header("Authorization", NotificationApiTest.TOKEN).contentType("application/json")
                .body(Map.of("kind", "alert", "idempotencyKey", key, "data", Map.of("subject", subject, "message", "details")))
                .post("/api/notifications");
    }

    private static Map<String, Object> awaitSettled(long id) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(end)) {
            Response r = given().header("Authorization", NotificationApiTest.TOKEN).get("/api/notifications/" + id);
            Map<String, Object> texts = r.jsonPath().getMap("messages.find { it.channel == 'twilio' }");
            if (texts != null && !"pending".equals(texts.get("state"))) {
                return texts;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the text message never settled");
    }

    @Test
    void aTextIsSentWithTheApisFieldsAndCredentials() throws Exception {
        long id = alert("alert-site-down", "The website is down").jsonPath().getLong("id");
        Map<String, Object> text = awaitSettled(id);
        assertEquals("sent", text.get("state"));
        assertEquals(1, text.get("attempts"));
        Map<String, String> form = FakeTwilio.ACCEPTED.stream().filter(f -> f.get("Body").contains("The website is down"))
                .findFirst().orElseThrow();
        assertEquals("+15550104477", form.get("To"));
        assertEquals("+15557654321", form.get("From"));
        assertTrue(form.get("Body").length() <= 160);
    }

    @Test
    void aTemporaryFailureIsRetriedUntilItGoesThrough() throws Exception {
        long id = alert("alert-flaky", "FLAKY network").jsonPath().getLong("id");
        Map<String, Object> text = awaitSettled(id);
        assertEquals("sent", text.get("state"));
        assertEquals(3, text.get("attempts"), "503, 503, then 201");
    }
}
