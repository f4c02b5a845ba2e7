package com.allthemuchbakeshop.monitoragent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The agent as it runs, with nothing to watch: the storefront, the edge and the notifier are not
 * there (closed ports), so the website is down and the notifier cannot take the alert. The alert
 * must reach Katie and Gerell anyway, straight over SMTP (a real SMTP server, GreenMail). Then
 * the internal API: the status, and maintenance windows with their checks.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorAgentTest {

    private static final String TOKEN = "Bearer test-token-0123456789abcdef0123456789abcdef";

    @TestHTTPResource("/")
    java.net.URL base;

    /** A heartbeat service (healthchecks.io's contract: GET URL, or URL/fail), recording what it was sent. */
    static final List<String> PINGS = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        try {
            com.sun.net.httpserver.HttpServer heartbeat = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress("127.0.0.1", 3027), 0);
            heartbeat.createContext("/ping", ex -> {
                PINGS.add(ex.getRequestURI().getPath());
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            heartbeat.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(3026, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    private static List<MimeMessage> to(String address) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    @Test
    @Order(1)
    void withTheNotifierDownTheWebsiteAlertStillReachesKatieAndGerellOverSmtp() throws Exception {
        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until && (to("katie@allthemuchbakeshop.test").isEmpty()
                || to("gerell@allthemuchbakeshop.test").isEmpty())) {
            Thread.sleep(200);
        }
        List<MimeMessage> katie = to("katie@allthemuchbakeshop.test");
        assertTrue(katie.size() == 1, "Katie gets exactly one message: " + katie.size());
        String plain = GreenMailUtil.getBody(katie.get(0));
        assertTrue(katie.get(0).getSubject().equals("Your website is down"), katie.get(0).getSubject());
        assertTrue(plain.contains("The website itself has stopped answering.") && plain.contains("You do not need to do anything"),
                plain);
        assertTrue(plain.contains("Sent straight by the monitor"), plain);
        assertTrue(!plain.contains("127.0.0.1") && !plain.contains("HTTP"), "no technical detail for Katie: " + plain);

        List<MimeMessage> gerell = to("gerell@allthemuchbakeshop.test");
        assertTrue(gerell.size() == 1, "one developer email for the round: " + gerell.size());
        String detail = GreenMailUtil.getBody(gerell.get(0));
        // One email for the round, whatever failed in it (here the backup-agent's status is unreachable too).
        assertTrue(gerell.get(0).getSubject().startsWith("Bakeshop monitor: ") && gerell.get(0).getSubject().contains("DOWN the website"),
                gerell.get(0).getSubject());
        assertTrue(detail.contains("site problem: the storefront does not answer inside the network")
                && detail.contains("cannot be reached"), detail);
        // The text gateway gets the short version.
        List<MimeMessage> text = to("5550104477@vtext.test");
        assertTrue(text.size() == 1 && GreenMailUtil.getBody(text.get(0)).contains("Your website is down"), "text: " + text.size());

        // Rounds go on: no second "down" message.
        Thread.sleep(3000);
        assertTrue(to("katie@allthemuchbakeshop.test").size() == 1, "still one message");
    }

    @Test
    @Order(2)
    void theHeartbeatIsPingedEveryRoundWithFailWhileTheWebsiteIsDown() {
        assertTrue(PINGS.size() >= 2, "pings: " + PINGS);
        assertEquals("/ping/fail", PINGS.get(PINGS.size() - 1), "the website is down: " + PINGS);
    }

    @Test
    @Order(2)
    void theStatusSaysWhatIsDown() {
        given().header("Authorization", TOKEN).get("/api/status").then().statusCode(200)
                .body("overall", equalTo("DOWN"))
                .body("checks.find { it.key == 'site' }.status", equalTo("DOWN"))
                .body("checks.find { it.key == 'site' }.summary", containsString("site problem"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    @Order(3)
    void maintenanceWindowsNeedTheTokenAndSaneValuesAndCanBeEnded() {
        given().contentType("application/json").body("{\"minutes\":15,\"reason\":\"deploy\"}").post("/api/maintenance").then()
                .statusCode(401);
        given().header("Authorization", TOKEN).contentType("application/json").body("{\"minutes\":0,\"reason\":\"deploy\"}")
                .post("/api/maintenance").then().statusCode(400).body("message", containsString("1 to 1440"));
        given().header("Authorization", TOKEN).contentType("application/json").body("{\"minutes\":15,\"reason\":\"line\\nbreak\"}")
                .post("/api/maintenance").then().statusCode(400).body("message", containsString("one line"));
        int id = given().header("Authorization", TOKEN).contentType("application/json")
                .body("{\"minutes\":15,\"reason\":\"deploy of 1a2b3c4\"}").post("/api/maintenance").then().statusCode(201)
                .body("reason", equalTo("deploy of 1a2b3c4")).extract().path("id");
        given().header("Authorization", TOKEN).get("/api/status").then().statusCode(200).body("overall", equalTo("MAINTENANCE"));
        given().header("Authorization", TOKEN).accept("text/plain").get("/api/status").then().statusCode(200)
                .body(containsString("Overall: MAINTENANCE"), containsString("deploy of 1a2b3c4"), containsString("the website"));
        given().header("Authorization", TOKEN).delete("/api/maintenance/" + id).then().statusCode(204);
        given().header("Authorization", TOKEN).delete("/api/maintenance/" + id).then().statusCode(404);
        // As infra/scripts/bakeshop asks (busybox wget): text where there is a text answer, else JSON.
        String accept = "text/plain, application/json;q=0.5";
        given().header("Authorization", TOKEN).accept(accept).get("/api/status").then().statusCode(200)
                .contentType(containsString("text/plain"));
        int second = given().header("Authorization", TOKEN).accept(accept).contentType("application/json")
                .body("{\"minutes\":5,\"reason\":\"by hand\"}").post("/api/maintenance").then().statusCode(201).extract().path("id");
        given().header("Authorization", TOKEN).accept(accept).post("/api/maintenance/" + second + "/end").then().statusCode(204);
        given().header("Authorization", TOKEN).get("/api/maintenance").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    @Order(4)
    void itHandsTheBackupAgentASoundSnapshotOfItsHistoryOnlyWithTheToken() {
        given().post("/api/snapshot").then().statusCode(401);
        byte[] db = given().header("Authorization", TOKEN).post("/api/snapshot").then().statusCode(200)
                .contentType("application/vnd.sqlite3").header("X-Snapshot-Database", "monitor.db").extract().asByteArray();
        assertTrue(new String(db, 0, 15, java.nio.charset.StandardCharsets.US_ASCII).equals("SQLite format 3"), "a SQLite file");
        assertTrue(db.length > 4096, "with the rounds' history: " + db.length);
    }

    @Test
    @Order(5)
    void theStatusPageAtPhoneWidthIsReadableDoesNotScrollSidewaysAndShowsNothingInternal() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        java.nio.file.Path profile = java.nio.file.Files.createTempDirectory("bakeshop-chromium-");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=375,812");
        options.setExperimentalOption("mobileEmulation", java.util.Map.of("deviceMetrics",
                java.util.Map.of("width", 375, "height", 812, "pixelRatio", 2.0, "touch", true)));
        WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver")))
                .build(), options);
        try {
            browser.get(base.toString().replaceAll("/$", "") + "/status");
            JavascriptExecutor js = (JavascriptExecutor) browser;
            assertEquals(0L, js.executeScript(
                    "return Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)"));
            String text = browser.findElement(By.tagName("main")).getText();
            assertTrue(text.contains("The website is down since") && text.contains("Uptime, the last 90 days: ")
                    && text.contains("Response time, the last 48 hours"), text);
            assertEquals(90, browser.findElements(By.cssSelector("svg rect[class]")).size(), "a bar per day");
            // Readable: the headline is at least 16 px and the bars fill the width.
            double font = ((Number) js.executeScript(
                    "return parseFloat(getComputedStyle(document.querySelector('.state')).fontSize)")).doubleValue();
            assertTrue(font >= 16, "headline font " + font);
            double svgWidth = ((Number) js.executeScript(
                    "return document.querySelector('svg').getBoundingClientRect().width")).doubleValue();
            assertTrue(svgWidth > 300 && svgWidth <= 375, "bars " + svgWidth + " px wide");
            String html = browser.getPageSource();
            for (String internal : List.of("127.0.0.1", "storefront", "container", "notifier", "backup", "disk", "HTTP", "Quarkus")) {
                assertFalse(html.contains(internal), "the public page names " + internal);
            }
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(6)
    void aFloodOfStatusPageRequestsIsAnsweredAndTheRoundsGoOn() throws Exception {
        String before = given().header("Authorization", TOKEN).get("/api/status").then().extract().path("lastRound");
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.URI page = java.net.URI.create(base.toString().replaceAll("/$", "") + "/status");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            answers.add(pool.submit(() -> client.send(java.net.http.HttpRequest.newBuilder(page).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()));
        }
        for (var a : answers) {
            assertEquals(200, a.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
        pool.shutdown();
        long until = System.currentTimeMillis() + 10_000;
        String after = before;
        while (System.currentTimeMillis() < until && after.equals(before)) {
            Thread.sleep(200);
            after = given().header("Authorization", TOKEN).get("/api/status").then().extract().path("lastRound");
        }
        assertTrue(!after.equals(before), "the monitor's rounds go on: last round still " + after);
    }
}
