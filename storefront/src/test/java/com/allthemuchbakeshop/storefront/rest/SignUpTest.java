package com.allthemuchbakeshop.storefront.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void newAddressIsStoredAndASecondSignUpIsAnsweredPolitely() {
        FormSession visitor = new FormSession();
        visitor.open("/");

        Response first = visitor.post("/signup", Map.of("email", "Grace@Example.com"));
        Response again = visitor.post("/signup", Map.of("email", "grace@example.COM"));

        assertEquals(200, first.statusCode());
        assertTrue(first.asString().contains("Thank you! You are on our list."));
        assertEquals(200, again.statusCode());
        assertTrue(again.asString().contains("You are already on our list"));
        var stored = subscribers.findByEmail("grace@example.com").orElseThrow();
        assertTrue(stored.subscribed());
        assertEquals(43, stored.token().length());
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
        assertTrue(back.asString().contains("Thank you! You are on our list."));
        assertTrue(subscribers.findByEmail("linus@example.com").orElseThrow().subscribed());
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
