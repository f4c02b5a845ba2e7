package com.allthemuchbakeshop.notifier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.testing.ChildProcess;
import com.allthemuchbakeshop.testing.TestPorts;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged notifier, killed while messages wait for a dead SMTP server and started again:
 * the outbox survives, and once the server is back every message arrives exactly once.
 */
class NotifierRestartIT {

    private static final String TOKEN = "restart-test-token-0123456789abcdef0123";

    @TempDir
    Path data;

    private ChildProcess app;
    private GreenMail smtp;

    private ChildProcess start(String test, int httpPort, int smtpPort) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        env.put("NOTIFIER_DELIVERY", "smtp");
        env.put("NOTIFIER_DATA_DIR", data.toString());
        env.put("INTERNAL_API_TOKEN", TOKEN);
        env.put("MAIL_FROM", "orders@allthemuchbakeshop.test");
        env.put("OWNER_EMAIL", "katie@allthemuchbakeshop.test");
        env.put("OWNER_TEXT_CHANNEL", "email-gateway");
        env.put("OWNER_SMS_GATEWAY", "5550104477@vtext.test");
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(smtpPort));
        env.put("SMTP_STARTTLS", "DISABLED");
        env.put("SMTP_LOGIN", "DISABLED");
        env.put("NOTIFIER_RETRY_FIRST_BACKOFF", "200MS");
        env.put("NOTIFIER_RETRY_MAX_BACKOFF", "1S");
        return ChildProcess.java(test, "notifier", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath(), List.of(), env)
                .awaitReady(httpPort, Duration.ofSeconds(60));
    }

    @Test
    void pendingMessagesSurviveAKillAndAreSentOnceAfterTheRestart(TestInfo info) throws Exception {
        String test = ChildProcess.folder(info);
        int httpPort = TestPorts.next();
        int smtpPort = TestPorts.next();
        app = start(test, httpPort, smtpPort);
        for (int i = 0; i < 10; i++) {
            String ref = String.format("RST%03d", i);
            for (String kind : new String[] { "order-received", "order-confirmation" }) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("kind", kind);
                body.put("idempotencyKey", "order-" + ref + "-" + kind);
                body.put("data", NotificationApiTest.order(ref, "Customer " + i, "c" + i + "@example.com"));
                given().port(httpPort).header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(body)
                        .post("/api/notifications").then().statusCode(202);
            }
        }
        Thread.sleep(1500); // a few failed attempts against the dead SMTP port
        app.kill();

        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        app = start(test, httpPort, smtpPort);
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        while (smtp.getReceivedMessages().length < 30 && Instant.now().isBefore(end)) {
            app.assertAlive("while sending");
            Thread.sleep(200);
        }
        Thread.sleep(2000);
        MimeMessage[] got = smtp.getReceivedMessages();
        assertEquals(30, got.length, "10 orders x 3 messages, each exactly once");
        Set<String> ids = Arrays.stream(got).map(m -> {
            try {
                return m.getMessageID();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toSet());
        assertEquals(30, ids.size());
        assertTrue(Files.list(data).anyMatch(p -> p.getFileName().toString().equals("notifier.db")));
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }
}
