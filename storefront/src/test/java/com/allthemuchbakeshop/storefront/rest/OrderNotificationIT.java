package com.allthemuchbakeshop.storefront.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.testing.ChildProcess;
import com.allthemuchbakeshop.testing.TestPorts;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.restassured.RestAssured;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged storefront and the packaged notifier, as separate processes, with a real SMTP
 * server (GreenMail): orders placed while the notifier is down are all delivered, once each,
 * when it comes up; the owner's order list then says "delivered".
 */
class OrderNotificationIT {

    private static final String TOKEN = "e2e-token-0123456789abcdef0123456789abcdef";
    private static final Path NOTIFIER_JAR = Path.of("../notifier/target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
    private static final String KATIE = "katie:$2a$10$A96qFO0USN3Mj/5vZt5zj.xyMOqt6SQCmBPmwUkG5zDWqWFJxkxD2";

    @TempDir
    Path data;

    private final List<ChildProcess> processes = new ArrayList<>();
    private GreenMail smtp;
    private String test;

    @BeforeEach
    void name(TestInfo info) {
        test = ChildProcess.folder(info);
    }

    @Test
    void ordersPlacedWhileTheNotifierIsDownAreDeliveredOnceWhenItIsUp() throws Exception {
        int smtpPort = TestPorts.next();
        int storefrontPort = TestPorts.next();
        int notifierPort = TestPorts.next();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();

        startStorefront(storefrontPort, notifierPort);

        List<String> references = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            references.add(placeOrder(i));
        }
        FormSession reader = new FormSession();
        reader.open("/");
        assertEquals(200, reader.post("/signup", Map.of("email", "newsreader@example.com")).statusCode());
        Thread.sleep(3000);
        assertEquals(0, smtp.getReceivedMessages().length, "nothing can be sent yet");

        start(NOTIFIER_JAR, notifierSettings(notifierPort, smtpPort), notifierPort, "notifier");

        await(() -> smtp.getReceivedMessages().length >= 16, Duration.ofSeconds(30));
        Thread.sleep(3000);
        MimeMessage[] got = smtp.getReceivedMessages();
        assertEquals(16, got.length, "5 orders x 3 messages + 1 welcome, each once");
        for (String ref : references) {
            long mentions = Arrays.stream(got).filter(m -> GreenMailUtil.getWholeMessage(m).contains(ref)).count();
            assertEquals(3, mentions, ref + ": owner email, owner text, customer confirmation");
        }
        Set<String> ids = Arrays.stream(got).map(m -> {
            try {
                return m.getMessageID();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toSet());
        assertEquals(16, ids.size());
        MimeMessage welcome = Arrays.stream(got).filter(m -> GreenMailUtil.getWholeMessage(m).contains("/unsubscribe?token="))
                .findFirst().orElseThrow(() -> new AssertionError("the welcome email carries the unsubscribe link"));
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("/signup/confirm\\?token=([A-Za-z0-9_-]{43})")
                .matcher(GreenMailUtil.getWholeMessage(welcome));
        assertTrue(link.find(), "the welcome email asks the address's owner to confirm");

        AdminSession katie = AdminSession.signedIn();
        assertTrue(katie.open("/admin/subscribers").asString().contains("0 subscribed and confirmed"), "not on the list before confirming");
        FormSession fromEmail = new FormSession();
        fromEmail.open("/signup/confirm?token=" + link.group(1));
        assertTrue(fromEmail.post("/signup/confirm", Map.of("token", link.group(1))).asString().contains("You are on our list"));
        assertTrue(katie.open("/admin/subscribers").asString().contains("1 subscribed and confirmed"));
        await(() -> countOf(katie.open("/admin/orders").asString(), "notification: delivered") == 5, Duration.ofSeconds(20));
    }

    @Test
    void anOrderTheNotifierRefusesFailsAloneTheOthersGoThroughAndKatieIsAlerted() throws Exception {
        int smtpPort = TestPorts.next();
        int storefrontPort = TestPorts.next();
        int notifierPort = TestPorts.next();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        startStorefront(storefrontPort, notifierPort);

        // The oldest pending order is one the notifier refuses for good (a name longer than it takes,
        // as an order stored by an older version could have): it used to hold up everything behind it.
        String poison = "PZN2ZZ";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("storefront/storefront.db"));
                PreparedStatement ps = c.prepareStatement("INSERT INTO customer_order (reference, submission_id, name, email, phone, "
                        + "fulfilment, wanted_on, created_at) VALUES (?, 'poison-submission-0001', ?, 'p@example.com', '555 010 9999', "
                        + "'pickup', ?, '2026-01-01T00:00:00.000Z')")) {
            ps.setString(1, poison);
            ps.setString(2, "P".repeat(150));
            ps.setString(3, LocalDate.now(OrderFormTest.BAKERY_ZONE).plusDays(7).toString());
            ps.executeUpdate();
        }
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            references.add(placeOrder(i));
        }
        FormSession reader = new FormSession();
        reader.open("/");
        assertEquals(200, reader.post("/signup", Map.of("email", "newsreader@example.com")).statusCode());

        start(NOTIFIER_JAR, notifierSettings(notifierPort, smtpPort), notifierPort, "notifier");

        // 3 orders x 3 messages, 1 welcome, and the alert about the refused order (email and text).
        await(() -> smtp.getReceivedMessages().length >= 12, Duration.ofSeconds(30));
        Thread.sleep(3000);
        MimeMessage[] got = smtp.getReceivedMessages();
        assertEquals(12, got.length, "nothing more, nothing less");
        for (String ref : references) {
            assertEquals(3, Arrays.stream(got).filter(m -> GreenMailUtil.getWholeMessage(m).contains(ref)).count(), ref);
        }
        List<MimeMessage> alerts = Arrays.stream(got).filter(m -> GreenMailUtil.getWholeMessage(m).contains(poison)).toList();
        assertEquals(2, alerts.size(), "the alert about the refused order: an email and a text to Katie");
        MimeMessage alertEmail = alerts.stream().filter(m -> subject(m).contains(poison)).findFirst().orElseThrow();
        assertEquals("katie@allthemuchbakeshop.test", alertEmail.getAllRecipients()[0].toString());
        assertTrue(GreenMailUtil.getWholeMessage(alertEmail).contains("/admin/order?ref"), "with the admin's link");
        assertTrue(Arrays.stream(got).noneMatch(m -> GreenMailUtil.getWholeMessage(m).contains("PPPPPPPPPP")),
                "the refused order's own text is not in the alert");

        AdminSession katie = AdminSession.signedIn();
        await(() -> countOf(katie.open("/admin/orders").asString(), "notification: delivered") == 3, Duration.ofSeconds(20));
        String list = katie.open("/admin/orders").asString();
        assertTrue(list.contains("could not be sent") && list.contains("/admin/order?ref=" + poison), "the banner names the order");
        assertEquals(200, katie.open("/admin/order?ref=" + poison).statusCode());
        assertTrue(!katie.open("/admin/orders").asString().contains("could not be sent"), "once she has opened it, the banner goes");
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void startStorefront(int storefrontPort, int notifierPort) throws Exception {
        Map<String, String> storefront = PackagedStorefront.settings(storefrontPort, data, "http://127.0.0.1:" + notifierPort, TOKEN);
        storefront.put("STOREFRONT_TRUSTED_PROXIES", "127.0.0.1/32,::1/128");
        storefront.put("STOREFRONT_ADMIN_USERS", KATIE);
        start(PackagedStorefront.JAR, storefront, storefrontPort, "storefront");
        RestAssured.port = storefrontPort;
    }

    private Map<String, String> notifierSettings(int notifierPort, int smtpPort) {
        Map<String, String> notifier = new LinkedHashMap<>(Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(notifierPort),
                "NOTIFIER_DELIVERY", "smtp",
                "NOTIFIER_DATA_DIR", data.resolve("notifier").toString(),
                "INTERNAL_API_TOKEN", TOKEN,
                "MAIL_FROM", "orders@allthemuchbakeshop.test",
                "OWNER_EMAIL", "katie@allthemuchbakeshop.test",
                "OWNER_TEXT_CHANNEL", "email-gateway",
                "OWNER_SMS_GATEWAY", "5550104477@vtext.test",
                "SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", String.valueOf(smtpPort)));
        notifier.put("SMTP_STARTTLS", "DISABLED");
        notifier.put("SMTP_LOGIN", "DISABLED");
        return notifier;
    }

    /** Places an order through the form, as a customer; returns its reference. */
    private static String placeOrder(int i) {
        FormSession customer = new FormSession();
        customer.open("/order");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Customer " + i);
        form.put("email", "customer" + i + "@example.com");
        form.put("phone", "555 010 000" + i);
        form.put("fulfilment", "pickup");
        form.put("date", LocalDate.now(OrderFormTest.BAKERY_ZONE).plusDays(6).toString());
        form.put("request", "Order number " + i);
        var r = customer.post("/order", form);
        assertEquals(303, r.statusCode(), "the storefront takes orders while the notifier is down");
        String location = r.getHeader("Location");
        return location.substring(location.length() - 6);
    }

    private static int countOf(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

    private void start(Path jar, Map<String, String> env, int port, String name) throws Exception {
        ChildProcess p = ChildProcess.java(test, name, jar, List.of(), env);
        processes.add(p);
        p.awaitReady(port, Duration.ofSeconds(60));
    }

    /** Waits for the condition; fails with a child's log if one of them exits meanwhile, or the time runs out. */
    private void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            processes.forEach(p -> p.assertAlive("during the test"));
            assertTrue(Instant.now().isBefore(end), "timed out after " + timeout.toSeconds() + " s");
            Thread.sleep(200);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (ChildProcess p : processes) {
            p.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        RestAssured.reset();
    }
}
