package com.allthemuchbakeshop.notifier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The embedded default: nothing leaves the machine, every message can be read as a file. */
@QuarkusTest
@TestProfile(LocalMailboxTest.Local.class)
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class LocalMailboxTest {

    public static class Local implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("notifier.delivery", "local");
        }
    }

    @Inject
    NotifierConfig config;

    @Test
    void messagesAreKeptAsFilesAndNothingIsSent() throws Exception {
        int smtpBefore = SmtpServer.up().getReceivedMessages().length;
        given().header("Authorization", NotificationApiTest.TOKEN).contentType("application/json")
                .body(Map.of("kind", "order-received", "idempotencyKey", "local-1", "data",
                        NotificationApiTest.order("LOCAL1", "Ada Baker", "ada@example.com")))
                .post("/api/notifications").then().statusCode(202);
        Path mailbox = config.dataDir().resolve("mailbox");
        List<Path> files = List.of();
        for (int i = 0; i < 100 && files.size() < 2; i++) {
            Thread.sleep(100);
            if (Files.isDirectory(mailbox)) {
                try (Stream<Path> s = Files.list(mailbox)) {
                    files = s.filter(p -> p.toString().endsWith(".eml")).toList();
                }
            }
        }
        assertEquals(2, files.size(), "owner email and owner text");
        String all = Files.readString(files.get(0)) + Files.readString(files.get(1));
        assertTrue(all.contains("To: katie@allthemuchbakeshop.test"));
        assertTrue(all.contains("To: 5550104477@vtext.test"));
        assertTrue(all.contains("New order LOCAL1"));
        Thread.sleep(500);
        assertEquals(smtpBefore, SmtpServer.up().getReceivedMessages().length, "nothing reached the SMTP server");
    }
}
