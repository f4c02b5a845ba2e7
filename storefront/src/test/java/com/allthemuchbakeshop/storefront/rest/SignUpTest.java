package com.allthemuchbakeshop.storefront.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.storefront.service.SignUpService;
import com.allthemuchbakeshop.storefront.store.SubscriberStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignUpTest {

    @Inject
    SubscriberStore subscribers;

    @Inject
    SignUpService signUps;

    @Test
    void aSignUpWaitsForItsConfirmationAndEveryAnswerIsTheSame() {
        FormSession visitor = new FormSession();
        visitor.open("/");

        Response first = visitor.post("/signup", Map.of("email", "Grace@Example.com"));
        Response again = visitor.post("/signup", Map.of("email", "grace@example.COM"));

        assertEquals(200, first.statusCode());
        assertTrue(first.asString().contains("Please check your email: we sent you a link to confirm."));
        assertEquals(first.asString().replaceAll("value=\"[^\"]*\"", ""), again.asString().replaceAll("value=\"[^\"]*\"", ""),
                "the answer does not tell whether an address is on the list");
        var stored = subscribers.findByEmail("grace@example.com").orElseThrow();
        assertTrue(stored.subscribed());
        assertFalse(stored.confirmed(), "not on the list until the address's owner confirms");
        assertEquals(43, stored.token().length());
        assertEquals(stored.token(), subscribers.findByEmail("grace@example.com").orElseThrow().token(),
                "a second sign-up within the hour sends no second email (same token, same notification)");

        // The link in the email: the GET (what a mail scanner does) changes nothing; the button confirms.
        FormSession fromEmail = new FormSession();
        Response page = fromEmail.open("/signup/confirm?token=" + stored.token());
        assertTrue(page.asString().contains("grace@example.com") && page.asString().contains("Yes, send me the news"));
        assertFalse(subscribers.findByEmail("grace@example.com").orElseThrow().confirmed(), "a GET confirms nothing");
        Response done = fromEmail.post("/signup/confirm", Map.of("token", stored.token()));
        assertEquals(200, done.statusCode());
        assertTrue(done.asString().contains("You are on our list"));
        assertTrue(subscribers.findByEmail("grace@example.com").orElseThrow().confirmed());
        assertTrue(subscribers.list().stream().anyMatch(l -> l.email().equals("grace@example.com") && l.onTheList()));

        FormSession stranger = new FormSession();
        stranger.open("/signup");
        assertEquals(404, stranger.post("/signup/confirm", Map.of("token", "B".repeat(43))).statusCode(), "a made-up token confirms nothing");
        assertTrue(given().get("/signup/confirm?token=nonsense").asString().contains("This link does not work"));
    }

    @Test
    void theHiddenFieldThatBotsFillRefusesTheSignUp() {
        FormSession bot = new FormSession();
        bot.open("/signup");
        assertTrue(bot.open("/signup").asString().contains("name=\"website\""), "the trap is in the form");
        Response r = bot.post("/signup", Map.of("email", "bot.victim@example.com", "website", "http://spam.example"));
        assertEquals(400, r.statusCode());
        assertTrue(r.asString().contains("Leave this empty"), "a person who filled it by mistake is told what to do");
        assertTrue(subscribers.findByEmail("bot.victim@example.com").isEmpty(), "nothing stored, so nothing sent");
        assertEquals(200, bot.post("/signup", Map.of("email", "bot.victim@example.com", "website", "")).statusCode());
    }

    @Test
    void aSignUpNobodyConfirmsIsForgottenAfterAWeek() {
        java.time.Instant now = java.time.Instant.now();
        java.time.Instant tooOld = now.minus(SignUpService.UNCONFIRMED_KEPT_FOR).minusSeconds(3600);
        subscribers.subscribe("typed.by.a.stranger@example.com", "S".repeat(43), tooOld);
        subscribers.subscribe("still.deciding@example.com", "D".repeat(43), now.minusSeconds(86_400));
        subscribers.subscribe("long.time.reader@example.com", "R".repeat(43), tooOld);
        subscribers.confirm("R".repeat(43), tooOld.plusSeconds(60));

        assertTrue(signUps.pruneUnconfirmed() >= 1);

        assertTrue(subscribers.findByEmail("typed.by.a.stranger@example.com").isEmpty(), "unconfirmed for over a week: gone");
        assertTrue(subscribers.findByEmail("still.deciding@example.com").isPresent(), "a day old: still waiting");
        assertTrue(subscribers.findByEmail("long.time.reader@example.com").orElseThrow().confirmed(), "confirmed ones stay");
    }

    @Test
    void invalidAddressComesBackWithAMessage() {
        FormSession visitor = new FormSession();
        visitor.open("/signup");
        for (String bad : new String[] { "", "nobody", "a@b.com\r\nBcc: x@y.com", "x".repeat(300) + "@example.com" }) {
            Response r = visitor.post("/signup", Map.of("email", bad));
            assertEquals(400, r.statusCode(), bad);
            assertTrue(r.asString().contains("Please enter"), bad);
        }
        assertTrue(subscribers.findByEmail("nobody").isEmpty());
    }

    @Test
    void unsubscribeByTokenLinkThenSignUpAgain() {
        FormSession visitor = new FormSession();
        visitor.open("/");
        visitor.post("/signup", Map.of("email", "linus@example.com"));
        String token = subscribers.findByEmail("linus@example.com").orElseThrow().token();

        FormSession fromEmail = new FormSession();
        Response confirm = fromEmail.open("/unsubscribe?token=" + token);
        assertTrue(confirm.asString().contains("linus@example.com"));
        assertTrue(subscribers.findByEmail("linus@example.com").orElseThrow().subscribed(), "a GET changes nothing");

        Response done = fromEmail.post("/unsubscribe", Map.of("token", token));
        assertEquals(200, done.statusCode());
        assertTrue(done.asString().contains("You are unsubscribed"));
        assertFalse(subscribers.findByEmail("linus@example.com").orElseThrow().subscribed());

        Response back = visitor.post("/signup", Map.of("email", "linus@example.com"));
        assertTrue(back.asString().contains("we sent you a link to confirm"));
        var again = subscribers.findByEmail("linus@example.com").orElseThrow();
        assertTrue(again.subscribed());
        assertFalse(again.confirmed(), "signing someone up again after they left needs their confirmation again");
        assertFalse(again.token().equals(token), "under a new token: the old links no longer work");
        FormSession oldLink = new FormSession();
        oldLink.open("/signup");
        assertEquals(404, oldLink.post("/signup/confirm", Map.of("token", token)).statusCode());
    }

    @Test
    void badUnsubscribeTokenSaysTheLinkDoesNotWork() {
        given().get("/unsubscribe?token=nonsense").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("This link does not work"));
        FormSession visitor = new FormSession();
        visitor.open("/signup");
        Response r = visitor.post("/unsubscribe", Map.of("token", "A".repeat(43)));
        assertEquals(404, r.statusCode());
        assertTrue(r.asString().contains("This link does not work"));
    }
}
