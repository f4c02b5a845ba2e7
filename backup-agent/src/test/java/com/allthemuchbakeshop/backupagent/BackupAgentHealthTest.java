package com.allthemuchbakeshop.backupagent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The agent through HTTP, as the deploy-hook, backup.sh and restore.sh call it. In the test
 * profile no service answers a snapshot, so a backup fails, and says why.
 */
@QuarkusTest
class BackupAgentHealthTest {

    private static final String TOKEN = "Bearer test-token-0123456789abcdef0123456789";

    @Test
    void reportsLiveAndReady() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'backup-agent' }.data.running", equalTo(false));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void everyApiCallNeedsTheInternalToken() {
        given().get("/api/backups").then().statusCode(401);
        given().contentType("application/json").body("{}").post("/api/backups").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType("application/json").body("{}").post("/api/restores").then()
                .statusCode(401);
    }

    @Test
    void aBackupWhoseSnapshotCannotBeTakenFailsAndSaysWhy() {
        given().header("Authorization", TOKEN).contentType("application/json").body("{\"reason\":\"Bad Reason!\"}")
                .post("/api/backups").then().statusCode(400).body("message", containsString("reason"));
        given().header("Authorization", TOKEN).contentType("application/json").body("{\"reason\":\"manual\"}")
                .post("/api/backups").then().statusCode(500)
                .body("status", equalTo("failed"))
                .body("id", startsWith("bakeshop-"))
                .body("error", containsString("could not reach localhost"));
        given().header("Authorization", TOKEN).get("/api/backups/latest").then().statusCode(200)
                .body("latest.status", equalTo("failed"));
        // What bakeshop backup reads: always 200 (busybox wget drops an error's body), the result line, the reason.
        given().header("Authorization", TOKEN).accept("text/plain").contentType("application/json").body("{\"reason\":\"manual\"}")
                .post("/api/backups").then().statusCode(200)
                .body(containsString("RESULT: failed\nbakeshop-"), containsString("could not reach localhost"));
        given().header("Authorization", TOKEN).accept("text/plain").get("/api/backups").then().statusCode(200)
                .body(containsString("failed"));
    }

    @Test
    void aRestoreOfSomethingThatIsNoBackupIsRefused() {
        given().header("Authorization", TOKEN).contentType("application/json").body("{\"backup\":\"../../etc\"}")
                .post("/api/restores").then().statusCode(422).body("message", containsString("not a backup name"));
        given().header("Authorization", TOKEN).accept("text/plain").contentType("application/json").body("{\"backup\":\"latest\"}")
                .post("/api/restores").then().statusCode(200).body(containsString("RESULT: refused\nthere is no verified backup"));
    }
}
