package com.allthemuchbakeshop.deployhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.deployhook.rest.RequestSignature;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The API through HTTP, signed as deploy.sh signs: refusals change nothing; a deploy is recorded
 * with its log and ends with a result even when the engine cannot be reached (here: no socket).
 * The deploys themselves run against the real engine in infra/test/deploy.bats.
 */
@QuarkusTest
class DeployApiTest {

    private static final byte[] SECRET = "test-secret-0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static RequestSpecification signed(String method, String target, String body) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        String nonce = UUID.randomUUID().toString();
        return given().header(RequestSignature.TIMESTAMP, ts).header(RequestSignature.NONCE, nonce)
                .header(RequestSignature.SIGNATURE, RequestSignature.sign(SECRET, ts, nonce, method, target, body.getBytes(StandardCharsets.UTF_8)))
                .contentType("application/json").body(body);
    }

    @Test
    void refusedRequestsChangeNothingAndADeployRunsToAResultWithItsLog() throws Exception {
        String body = "{\"service\":\"storefront\",\"image\":\"127.0.0.1:5000/bakeshop-storefront:v2\",\"commit\":\"1a2b3c4\",\"actor\":\"gerell\"}";
        given().contentType("application/json").body(body).post("/api/deploys").then().statusCode(401).body("message", containsString("unsigned"));
        // signed for another body
        String ts = Long.toString(Instant.now().getEpochSecond());
        given().header(RequestSignature.TIMESTAMP, ts).header(RequestSignature.NONCE, "nonce-0123456789abcdef")
                .header(RequestSignature.SIGNATURE, RequestSignature.sign(SECRET, ts, "nonce-0123456789abcdef", "POST", "/api/deploys", "{}".getBytes()))
                .contentType("application/json").body(body).post("/api/deploys").then().statusCode(401).body("message", containsString("bad signature"));
        // stale
        String old = Long.toString(Instant.now().minusSeconds(600).getEpochSecond());
        given().header(RequestSignature.TIMESTAMP, old).header(RequestSignature.NONCE, "nonce-old-0123456789ab")
                .header(RequestSignature.SIGNATURE, RequestSignature.sign(SECRET, old, "nonce-old-0123456789ab", "POST", "/api/deploys", body.getBytes()))
                .contentType("application/json").body(body).post("/api/deploys").then().statusCode(401).body("message", containsString("stale"));
        signed("GET", "/api/deploys", "").get("/api/deploys").then().statusCode(200).body("$", hasSize(0));
        // a huge body, even signed, is cut off at 16 kB before anything reads it
        String huge = "{\"service\":\"storefront\",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}";
        signed("POST", "/api/deploys", huge).post("/api/deploys").then().statusCode(413);

        signed("POST", "/api/deploys", body.replace("storefront\"", "deploy-hook\"")).post("/api/deploys").then().statusCode(400)
                .body("message", containsString("cannot replace itself"));
        signed("POST", "/api/deploys", body.replace("v2", "v2; rm -rf /")).post("/api/deploys").then().statusCode(400)
                .body("message", containsString("image must be"));
        signed("POST", "/api/rollbacks", "{\"service\":\"storefront\",\"actor\":\"gerell\"}").post("/api/rollbacks").then().statusCode(400)
                .body("message", containsString("no successful deploy"));

        RequestSpecification once = signed("POST", "/api/deploys", body);
        Response accepted = once.post("/api/deploys");
        accepted.then().statusCode(202).body("service", equalTo("storefront")).body("state", equalTo("running"));
        once.post("/api/deploys").then().statusCode(401).body("message", containsString("replayed"));
        long id = accepted.jsonPath().getLong("id");

        StringBuilder log = new StringBuilder();
        int after = 0;
        String state = "running";
        for (int i = 0; i < 30 && "running".equals(state); i++) {
            String target = "/api/deploys/" + id + "/log?after=" + after + "&wait=2";
            Response page = signed("GET", target, "").get(target);
            assertEquals(200, page.statusCode());
            log.append(page.asString());
            after = Integer.parseInt(page.header("X-Log-Next"));
            state = page.header("X-Deploy-State");
        }
        assertEquals("failed", state, log.toString());
        assertTrue(log.toString().contains("deploy #" + id + " of storefront: 127.0.0.1:5000/bakeshop-storefront:v2 (commit 1a2b3c4, by gerell)"), log.toString());
        assertTrue(log.toString().contains("RESULT: failed"), log.toString());
        signed("GET", "/api/deploys/" + id, "").get("/api/deploys/" + id).then().statusCode(200).body("state", equalTo("failed"))
                .body("actor", equalTo("gerell")).body("commit", equalTo("1a2b3c4"));
        signed("GET", "/api/deploys", "").get("/api/deploys").then().statusCode(200).body("$", hasSize(1));
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'deploy-hook' }.data.last",
                equalTo("deploy #" + id + " of storefront: failed"));
    }
}
