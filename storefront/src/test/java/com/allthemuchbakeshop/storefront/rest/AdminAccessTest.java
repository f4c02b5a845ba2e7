package com.allthemuchbakeshop.storefront.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminAccessTest {

    @Inject
    AdjustableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void everyAdminRouteWithoutASessionGoesToSignIn() {
        List<String> pages = List.of("/admin", "/admin/orders", "/admin/order?ref=ABCDEF", "/admin/menu", "/admin/product",
                "/admin/product?id=1", "/admin/subscribers", "/admin/orders.csv", "/admin/subscribers.csv");
        for (String page : pages) {
            Response r = given().redirects().follow(false).get(page);
            assertEquals(303, r.statusCode(), page);
            assertTrue(r.getHeader("Location").endsWith("/admin/sign-in"), page);
        }
        List<String> actions = List.of("/admin/product", "/admin/product/sold-out", "/admin/product/hidden", "/admin/product/move",
                "/admin/product/photo/remove", "/admin/category", "/admin/category/rename", "/admin/category/hidden",
                "/admin/category/move", "/admin/order/status", "/admin/subscribers/remove", "/admin/sign-out");
        FormSession stranger = new FormSession();
        stranger.open("/order");
        for (String action : actions) {
            Response r = stranger.post(action, Map.of("id", "1", "value", "true"));
            assertTrue(r.statusCode() == 303 || r.statusCode() == 400, action + " answered " + r.statusCode());
            if (r.statusCode() == 303 && !action.equals("/admin/sign-out")) {
                assertTrue(r.getHeader("Location").endsWith("/admin/sign-in"), action);
            }
        }
        Response forgedSession = given().redirects().follow(false).cookie(AdminGate.COOKIE, "A".repeat(43)).get("/admin/menu");
        assertEquals(303, forgedSession.statusCode());
    }

    @Test
    void signInSetsAStrictHttpOnlyCookieAndSignOutEndsTheSession() {
        AdminSession katie = new AdminSession();
        Response signIn = katie.signIn("Katie", AdminSession.KATIE_PASSWORD);
        assertEquals(303, signIn.statusCode());
        String setCookie = signIn.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(AdminGate.COOKIE + "=")).findFirst().orElseThrow().toLowerCase(Locale.ROOT);
        assertTrue(setCookie.contains("httponly") && setCookie.contains("samesite=strict") && setCookie.contains("path=/admin"), setCookie);
        assertEquals(200, katie.open("/admin/menu").statusCode());
        assertEquals("no-store", katie.open("/admin/orders").getHeader("Cache-Control"));

        Response out = katie.post("/admin/sign-out", Map.of());
        assertEquals(303, out.statusCode());
        assertEquals(303, katie.request().get("/admin/menu").statusCode(), "the old cookie no longer works");
    }

    @Test
    void wrongPasswordIsRefusedInPlainWords() {
        AdminSession someone = new AdminSession();
        Response r = someone.signIn("katie", "wrong password");
        assertEquals(401, r.statusCode());
        assertTrue(r.asString().contains("Wrong name or password"), r.asString());
        Response unknown = new AdminSession().signIn("nobody", "whatever");
        assertTrue(unknown.asString().contains("Wrong name or password"), "unknown names get the same answer");
    }

    @Test
    void repeatedWrongPasswordsSlowDownThenLockOnlyTheGuessersConnection() {
        AdminSession guesser = new AdminSession();
        for (int i = 1; i <= 5; i++) {
            Response r = guesser.signIn("gerell", "guess " + i);
            assertTrue(r.asString().contains("Wrong name or password"), "attempt " + i + ": " + r.asString());
            if (i == 3) {
                Response tooSoon = guesser.signIn("gerell", "guess right away");
                assertTrue(tooSoon.asString().contains("Please wait"), "after 3 failures the next try must wait");
            }
            clock.advance(Duration.ofSeconds(30));
        }
        Response locked = guesser.signIn("gerell", "six months later");
        assertEquals(401, locked.statusCode());
        assertTrue(locked.asString().contains("locked until"), "the guesser's connection is locked, even with the right password: "
                + locked.asString());

        Response elsewhere = new AdminSession().signIn("gerell", "six months later");
        assertEquals(303, elsewhere.statusCode(), "from another connection the right password works: " + elsewhere.asString());

        clock.advance(Duration.ofMinutes(16));
        assertEquals(303, guesser.signIn("gerell", "six months later").statusCode(), "the lockout ends by itself");
    }

    @Test
    void fiftyWrongPasswordsFromTwentyClientsDoNotKeepKatieOut() {
        AdminSession phone = AdminSession.signedIn(); // Katie's own phone, signed in before
        assertTrue(phone.device != null && phone.device.length() == 43, "a trusted-device cookie is set at sign-in");
        String device = phone.device;

        List<AdminSession> strangers = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            strangers.add(new AdminSession());
        }
        int wrong = 0;
        int asked = 0;
        java.util.regex.Pattern wait = java.util.regex.Pattern.compile("Please wait (\\d+) seconds");
        for (int round = 0; wrong < 50 && round < 400; round++) {
            Response r = strangers.get(round % strangers.size()).signIn("katie", "guess " + round);
            String page = r.asString();
            assertTrue(!page.contains("locked until") || page.contains("this connection"), "never the account: " + page);
            if (page.contains("Wrong name or password")) {
                wrong++;
            } else {
                java.util.regex.Matcher m = wait.matcher(page);
                if (m.find()) {
                    asked++;
                    long seconds = Long.parseLong(m.group(1));
                    assertTrue(seconds <= 11, "a wait is " + seconds + " s at most 10: " + page);
                    clock.advance(Duration.ofSeconds(seconds)); // paced as the site asks
                } else {
                    clock.advance(Duration.ofSeconds(2));
                }
            }
        }
        assertEquals(50, wrong, "the strangers got their 50 wrong passwords in");
        assertTrue(asked > 0, "and were asked to wait");

        AdminSession katie = new AdminSession(); // her phone on another connection (mobile data)
        katie.device = device;
        long started = System.nanoTime();
        Response in = katie.signIn("katie", AdminSession.KATIE_PASSWORD);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(303, in.statusCode(), "Katie is signed in at once: " + in.asString());
        assertTrue(millis < 3000, "within a few seconds: " + millis + " ms");
        assertEquals(200, katie.open("/admin/orders").statusCode());

        Response newPhone = new AdminSession().signIn("katie", AdminSession.KATIE_PASSWORD);
        if (newPhone.statusCode() != 303) {
            assertTrue(newPhone.asString().contains("Please wait"), "a new phone waits a little, never a lockout: " + newPhone.asString());
        }
    }

    @Test
    void parallelGuessesCannotOutrunTheThrottle() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        try {
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                answers.add(pool.submit(() -> new AdminSession().signIn("sam", "parallel guess " + n).asString()));
            }
            int checked = 0;
            for (var answer : answers) {
                if (answer.get().contains("Wrong name or password")) {
                    checked++;
                }
            }
            assertTrue(checked <= 5, checked + " of 10 parallel guesses were checked; the account allows 5 before a wait");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLongOrStrangeNameIsNotShownBack() {
        String name = "x".repeat(5000) + "\r\nFAKE LOG LINE";
        Response r = new AdminSession().signIn(name, "whatever");
        assertEquals(401, r.statusCode());
        assertTrue(!r.asString().contains("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), "the typed name is not shown back");
    }

    @Test
    void anIdleSessionEnds() {
        AdminSession katie = AdminSession.signedIn();
        assertEquals(200, katie.open("/admin/menu").statusCode());
        clock.advance(Duration.ofMinutes(31));
        assertEquals(303, katie.request().get("/admin/menu").statusCode());
    }

    @Test
    void adminFormsNeedTheCsrfToken() {
        AdminSession katie = AdminSession.signedIn();
        Response r = katie.request().formParam("id", "1").formParam("value", "true").post("/admin/product/sold-out");
        assertEquals(400, r.statusCode());
        assertTrue(r.asString().contains("Please try that again"));
    }
}
