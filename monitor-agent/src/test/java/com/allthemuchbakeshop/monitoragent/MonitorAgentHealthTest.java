package com.allthemuchbakeshop.monitoragent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MonitorAgentHealthTest {

    @Test
    void reportsLiveAndReadyAndSaysItHasNoFeaturesYet() {
        given().get("/q/health/live").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'monitor-agent' }.data.features",
                        equalTo("none yet: boots and reports health only"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void offersNoApiYet() {
        given().get("/api/anything").then().statusCode(404);
    }
}
