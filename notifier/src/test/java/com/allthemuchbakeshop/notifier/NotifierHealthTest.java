package com.allthemuchbakeshop.notifier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(SmtpServer.class)
class NotifierHealthTest {

    @Test
    void reportsLiveAndReadyWithTheOutboxAndSmtp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("outbox", "smtp"))
                .body("checks.find { it.name == 'smtp' }.status", equalTo("UP"));
    }

    @Test
    void theApiNeedsTheInternalToken() {
        given().contentType("application/json").body("{}").post("/api/notifications").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType("application/json").body("{}")
                .post("/api/notifications").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").post("/api/test-email").then().statusCode(401);
    }
}
