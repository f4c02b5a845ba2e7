package com.allthemuchbakeshop.notifier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The forms are not a relay: a flood of orders and sign-ups sends at most the shipped limits
 * (3 emails per address per day, 30 customer emails and 20 order texts per hour), holds the rest,
 * and tells Katie once; her own order emails all arrive.
 */
@QuarkusTest
@TestProfile(SendingLimitsTest.ShippedLimits.class)
class SendingLimitsTest {

    /** The defaults in NotifierConfig.Limits, not the relaxed ones the other tests run with. */
    public static class ShippedLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("notifier.limits.customer-emails-per-hour", "30", "notifier.limits.owner-texts-per-hour", "20");
        }
    }

    private static final String HELD_SUBJECT = "Some customer emails were held back this hour";

    @Test
    void aFloodSendsAtMostTheLimitsHoldsTheRestAndTellsKatieOnce() throws Exception {
        // One victim, four spellings of the same mailbox: three emails, the fourth held.
        String[] victim = { "Victim@Example.com", "victim+1@example.com", "victim@example.com", "VICTIM+news@example.com" };
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < victim.length; i++) {
            ids.add(NotificationApiTest.post("order-confirmation", "flood-victim-" + i,
                    NotificationApiTest.order("VIC00" + i, "Mallory", victim[i])).jsonPath().getLong("id"));
        }
        assertEquals("held", state(ids.get(3)), "the fourth email to one mailbox is held");
        assertTrue(given().header("Authorization", NotificationApiTest.TOKEN).get("/api/notifications/" + ids.get(3))
                .jsonPath().getString("messages[0].lastResult").contains("3 emails to this address in 24 hours"));

        // 40 sign-ups for 40 other addresses, 8 at a time: 27 more customer emails fit in the hour, 13 are held.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> posts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            posts.add(pool.submit(() -> NotificationApiTest.post("signup-welcome", "flood-signup-" + n,
                    Map.of("email", "stranger" + n + "@example.org", "confirmUrl", "http://localhost:8080/signup/confirm?token=t" + n,
                            "unsubscribeUrl", "http://localhost:8080/unsubscribe?token=t" + n))
                    .statusCode()));
        }
        for (Future<Integer> p : posts) {
            assertEquals(202, p.get(), "a held message is still accepted: the caller never fails an order over it");
        }
        pool.shutdown();

        // 25 orders: Katie gets all 25 emails and 20 texts.
        for (int i = 0; i < 25; i++) {
            String ref = String.format("FLD%03d", i);
            assertEquals(202, NotificationApiTest.post("order-received", "flood-order-" + ref,
                    NotificationApiTest.order(ref, "Customer " + i, "c" + i + "@example.net")).statusCode());
        }

        NotificationApiTest.awaitReceived("example.org", 27, Duration.ofSeconds(20));
        NotificationApiTest.awaitReceived("FLD", 45, Duration.ofSeconds(20));
        Thread.sleep(2000);
        MimeMessage[] all = SmtpServer.up().getReceivedMessages();
        assertEquals(3, count(all, "victim@example.com", "VICTIM+news@example.com", "victim+1@example.com", "Victim@Example.com"),
                "three emails reach the one mailbox");
        assertEquals(27, Arrays.stream(all).filter(m -> recipientsContain(m, "@example.org")).count(),
                "30 customer emails in the hour, no more, even 8 at a time");
        List<MimeMessage> orders = NotificationApiTest.received("FLD");
        assertEquals(25, orders.stream().filter(NotificationApiTest.to(NotificationApiTest.OWNER)).count(), "every order email reaches Katie");
        assertEquals(20, orders.stream().filter(NotificationApiTest.to(NotificationApiTest.GATEWAY)).count(), "20 order texts an hour");

        List<MimeMessage> alerts = Arrays.stream(all).filter(m -> NotificationApiTest.subject(m).equals(HELD_SUBJECT)).toList();
        assertEquals(1, alerts.stream().filter(NotificationApiTest.to(NotificationApiTest.OWNER)).count(),
                "one alert email for the whole flood: " + alerts.size() + " alert messages");
        String alert = GreenMailUtil.getWholeMessage(alerts.get(0));
        assertTrue(alert.contains("Nothing is lost"), alert);
        assertFalse(alert.contains("victim") || alert.contains("stranger"), "the alert names no address");
    }

    private static String state(long id) {
        return given().header("Authorization", NotificationApiTest.TOKEN).get("/api/notifications/" + id).jsonPath().getString("state");
    }

    private static long count(MimeMessage[] all, String... addresses) {
        return Arrays.stream(all).filter(m -> Arrays.stream(addresses).anyMatch(a -> recipientsContain(m, a))).count();
    }

    private static boolean recipientsContain(MimeMessage m, String part) {
        try {
            return NotificationApiTest.recipients(m).stream().anyMatch(r -> r.contains(part));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
