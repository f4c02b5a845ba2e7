package com.allthemuchbakeshop.notifier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.notifier.TlsSmtpServer.Delivery;
import com.allthemuchbakeshop.notifier.TlsSmtpServer.Mode;
import com.allthemuchbakeshop.notifier.TlsSmtpServer.Received;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production mail path, set up as .env.example has it for SendGrid (NOTIFIER_DELIVERY=smtp,
 * STARTTLS and login REQUIRED, user apikey, an SG. key; only the relay's address and certificate
 * differ), against a relay that insists on STARTTLS and AUTH. What a refused key, a relay without
 * STARTTLS or an untrusted certificate do to the outbox, the health check and the log, and that
 * fixing them sends each waiting message once. One boot: the relay changes behaviour instead.
 */
@QuarkusTest
@TestProfile(SendGridRelayTest.SendGrid.class)
class SendGridRelayTest {

    static final String KEY = "SG.not-a-real-key-only-this-test-relay-takes-it";
    static final String NAME = "Crumb Street Test Bakery";
    static final String PHONE = "(555) 019-8642";
    static final String COLOUR = "#1d5c4a";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** What a client may say before STARTTLS; anything else there would be in clear text. */
    private static final Set<String> GREETING = Set.of("EHLO", "HELO", "STARTTLS", "NOOP", "RSET", "QUIT");

    public static class SendGrid implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "notifier.delivery", "smtp",
                    "quarkus.mailer.start-tls", "REQUIRED",
                    "quarkus.mailer.login", "REQUIRED",
                    "quarkus.mailer.username", "apikey",
                    "quarkus.mailer.password", KEY,
                    // Not the defaults, so the emails show these came from the settings.
                    "notifier.from-name", NAME,
                    "notifier.bakery.name", NAME,
                    "notifier.bakery.phone", PHONE,
                    "notifier.bakery.primary-colour", COLOUR);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TlsSmtpServer.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true; // GreenMail's settings (no TLS, another port) must not mix with this relay's
        }
    }

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void withTheRightKeyEveryMessageGoesOutOverTlsAsApikey() throws Exception {
        TlsSmtpServer.use(Mode.SENDGRID, KEY);
        int before = TlsSmtpServer.commands().size();

        long id = accepted(NotificationApiTest.post("order-received", "order-TLS001-owner",
                NotificationApiTest.order("TLS001", "Ada Baker", "ada@example.com")));
        awaitState(id, "delivered");

        List<Delivery> got = deliveries("TLS001");
        assertEquals(Set.of(NotificationApiTest.OWNER, NotificationApiTest.GATEWAY),
                got.stream().map(Delivery::to).collect(Collectors.toSet()));
        assertEquals(2, got.size(), "owner email and owner text, once each");
        for (Delivery d : got) {
            assertTrue(d.tls(), "sent after STARTTLS");
            assertEquals(Optional.of("apikey"), d.user(), "authenticated as apikey");
            assertEquals("orders@allthemuchbakeshop.test", d.from());
        }
        MimeMessage owner = mime(got.stream().filter(d -> d.to().equals(NotificationApiTest.OWNER)).findFirst().orElseThrow());
        assertTrue(owner.getSubject().startsWith("New order TLS001: Ada Baker, Pickup"), owner.getSubject());

        List<Received> said = TlsSmtpServer.commandsSince(before);
        assertTrue(said.contains(new Received("STARTTLS", false)), "STARTTLS was asked for: " + said);
        assertTrue(said.stream().anyMatch(c -> c.verb().equals("AUTH")), "logged in: " + said);
        assertEquals(List.of(), said.stream().filter(c -> !c.tls() && !GREETING.contains(c.verb())).toList(),
                "nothing but the greeting before TLS");
        assertSmtpUp();
    }

    @Test
    void aRefusedKeyKeepsMessagesWaitingAndHealthDownUntilTheKeyIsAccepted() throws Exception {
        TlsSmtpServer.use(Mode.SENDGRID, "SG.a-key-the-relay-has-but-the-notifier-does-not");
        int before = TlsSmtpServer.commands().size();

        long id = accepted(NotificationApiTest.post("order-confirmation", "order-KEY001-customer",
                NotificationApiTest.order("KEY001", "Grace Hopper", "grace@example.com")));
        Map<String, Object> message = awaitMessages(id, failedTwiceWith("the SMTP server refused the credentials (SENDGRID_API_KEY)")).get(0);

        assertEquals("pending", message.get("state"), "kept for later, not failed: " + message);
        String reason = String.valueOf(message.get("lastResult"));
        assertTrue(reason.contains("535"), "the relay's own answer is kept: " + reason);
        assertSmtpDown("the SMTP server refused the credentials (SENDGRID_API_KEY)");
        assertEquals(List.of(), deliveries("KEY001"));
        List<Received> said = TlsSmtpServer.commandsSince(before);
        assertTrue(said.stream().anyMatch(c -> c.verb().equals("AUTH") && c.tls()), "it tried to log in, over TLS: " + said);
        assertFalse(said.stream().anyMatch(c -> c.verb().equals("MAIL") || c.verb().equals("DATA")), "no mail without login");
        assertOneClearErrorNaming("the SMTP server refused the credentials", "SENDGRID_API_KEY");

        TlsSmtpServer.use(Mode.SENDGRID, KEY); // the owner puts the right key in
        awaitState(id, "delivered");
        assertEquals(1, deliveries("KEY001").size(), "sent exactly once");
        assertSmtpUp();
        assertTrue(lines(Level.INFO).stream().anyMatch(l -> l.startsWith("Email leaves again")), "the recovery is logged");
    }

    @Test
    void aRelayWithoutStarttlsGetsNothingInClearText() throws Exception {
        // This relay would take AUTH and mail without TLS: only the notifier can refuse.
        TlsSmtpServer.use(Mode.NO_STARTTLS, KEY);
        int before = TlsSmtpServer.commands().size();

        long id = accepted(NotificationApiTest.post("order-received", "order-CLR001-owner",
                NotificationApiTest.order("CLR001", "Alan Turing", "alan@example.com")));
        List<Map<String, Object>> messages = awaitMessages(id, failedTwiceWith("the SMTP server does not offer STARTTLS"));

        for (Map<String, Object> m : messages) {
            assertEquals("pending", m.get("state"), "kept for later: " + m);
        }
        assertSmtpDown("the SMTP server does not offer STARTTLS");
        List<Received> said = TlsSmtpServer.commandsSince(before);
        assertTrue(said.stream().anyMatch(c -> c.verb().equals("EHLO")), "the notifier did reach the relay: " + said);
        assertEquals(List.of(), said.stream().filter(c -> !GREETING.contains(c.verb())).toList(),
                "no AUTH, MAIL, RCPT or DATA in clear text");
        assertEquals(List.of(), deliveries("CLR001"));
        assertOneClearErrorNaming("the SMTP server does not offer STARTTLS", "SMTP_HOST and SMTP_PORT");

        TlsSmtpServer.use(Mode.SENDGRID, KEY);
        awaitState(id, "delivered");
        assertEquals(2, deliveries("CLR001").size(), "owner email and text, once each");
        assertSmtpUp();
    }

    @Test
    void aRelayWithAnUntrustedCertificateGetsNothing() throws Exception {
        TlsSmtpServer.use(Mode.UNTRUSTED_CERTIFICATE, KEY);
        int before = TlsSmtpServer.commands().size();

        long id = accepted(NotificationApiTest.post("order-confirmation", "order-UNT001-customer",
                NotificationApiTest.order("UNT001", "Hedy Lamarr", "hedy@example.com")));
        Map<String, Object> message = awaitMessages(id, failedTwiceWith("the SMTP server's TLS certificate is not trusted")).get(0);

        assertEquals("pending", message.get("state"));
        assertSmtpDown("the SMTP server's TLS certificate is not trusted");
        List<Received> said = TlsSmtpServer.commandsSince(before);
        assertTrue(said.contains(new Received("STARTTLS", false)), said.toString());
        assertEquals(List.of(), said.stream().filter(c -> !GREETING.contains(c.verb())).toList(), "not even AUTH");

        TlsSmtpServer.use(Mode.SENDGRID, KEY);
        awaitState(id, "delivered");
        assertEquals(1, deliveries("UNT001").size());
        assertSmtpUp();
    }

    /** EMAIL-004: the bakery's own name, colour and phone from the settings, not the defaults. */
    @Test
    void anOrderEmailCarriesTheBakerysNameColourAndPhone() throws Exception {
        TlsSmtpServer.use(Mode.SENDGRID, KEY);
        long id = accepted(NotificationApiTest.post("order-confirmation", "order-BRAND1-customer",
                NotificationApiTest.order("BRAND1", "Ada Baker", "ada@example.com")));
        awaitState(id, "delivered");
        List<Delivery> got = deliveries("BRAND1");
        assertEquals(1, got.size());
        MimeMessage email = mime(got.get(0));

        String html = NotificationApiTest.part(email, "text/html");
        assertTrue(html.contains(">" + NAME + "</td>"), "name in the header: " + html);
        assertTrue(html.contains("background:" + COLOUR), "header in the brand colour");
        assertFalse(html.contains("#7a3b2e"), "not the default colour");
        assertTrue(html.contains("href=\"http://localhost:8080\""), "links to the storefront's default SITE_URL");
        String text = NotificationApiTest.part(email, "text/plain");
        assertTrue(text.contains(NAME), text);
        assertTrue(text.contains("call us on " + PHONE), text);
        assertTrue(email.getFrom()[0].toString().contains(NAME), "sender name");
    }

    private static long accepted(Response r) {
        assertEquals(202, r.statusCode(), r.asString());
        return r.jsonPath().getLong("id");
    }

    private static List<Map<String, Object>> messages(long id) {
        return given().header("Authorization", NotificationApiTest.TOKEN).get("/api/notifications/" + id)
                .jsonPath().getList("messages");
    }

    private static int attempts(Map<String, Object> message) {
        return ((Number) message.get("attempts")).intValue();
    }

    /** Tried at least twice, the latest attempt failing for this reason. */
    private static Predicate<Map<String, Object>> failedTwiceWith(String reason) {
        return m -> attempts(m) >= 2 && String.valueOf(m.get("lastResult")).startsWith(reason);
    }

    /** The notification's messages once every one of them matches. */
    private static List<Map<String, Object>> awaitMessages(long id, Predicate<Map<String, Object>> condition) {
        try {
            return await("the messages of notification " + id, () -> {
                List<Map<String, Object>> m = messages(id);
                return !m.isEmpty() && m.stream().allMatch(condition) ? m : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; they are: " + messages(id), e);
        }
    }

    private static void awaitState(long id, String state) {
        await("notification " + id + " " + state, () -> state.equals(given().header("Authorization", NotificationApiTest.TOKEN)
                .get("/api/notifications/" + id).jsonPath().getString("state")) ? state : null);
    }

    private static <T> T await(String what, Supplier<T> probe) {
        Instant end = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(end)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
    }

    private static List<Delivery> deliveries(String marker) {
        return TlsSmtpServer.deliveries().stream().filter(d -> d.text().contains(marker)).toList();
    }

    private static MimeMessage mime(Delivery d) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(d.data()));
    }

    private static Map<String, Object> smtpCheck(Response ready) {
        return ready.jsonPath().getMap("checks.find { it.name == 'smtp' }");
    }

    private static void assertSmtpUp() {
        Response ready = given().get("/q/health/ready");
        assertEquals("UP", smtpCheck(ready).get("status"), ready.asString());
        assertEquals(200, ready.statusCode(), ready.asString());
    }

    private static void assertSmtpDown(String reason) {
        Response ready = given().get("/q/health/ready");
        assertEquals(503, ready.statusCode(), ready.asString());
        Map<String, Object> smtp = smtpCheck(ready);
        assertEquals("DOWN", smtp.get("status"), ready.asString());
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) smtp.get("data");
        assertEquals(reason, data.get("reason"));
        assertTrue(String.valueOf(data.get("check")).length() > 10, "says what to check: " + data);
    }

    /**
     * One ERROR naming the setting for the whole episode; each failed attempt one WARN with the reason
     * and the setting; nothing more from the mail client itself; no stack trace.
     */
    private void assertOneClearErrorNaming(String reason, String setting) {
        List<String> errors = lines(Level.SEVERE);
        assertEquals(1, errors.size(), "one ERROR line: " + errors);
        assertTrue(errors.get(0).startsWith("Email cannot leave: " + reason) && errors.get(0).contains("Check " + setting), errors.get(0));
        List<String> attempts = lines(Level.WARNING).stream().filter(w -> w.contains("failed, next in") && w.contains(reason)).toList();
        assertTrue(attempts.size() >= 2, "a line per attempt: " + attempts);
        assertTrue(attempts.stream().allMatch(w -> w.contains("check " + setting)), attempts.toString());
        assertEquals(List.of(), notifierSide().filter(r -> r.getLoggerName().startsWith("io.vertx.ext.mail")
                && r.getLevel().intValue() >= Level.WARNING.intValue()).map(LogRecord::getMessage).toList(), "no second line per attempt");
        List<String> traces = notifierSide().filter(r -> r.getThrown() != null)
                .map(r -> r.getLoggerName() + ": " + r.getThrown()).toList();
        assertEquals(List.of(), traces, "no stack traces");
    }

    private Stream<LogRecord> notifierSide() {
        return logged.stream().filter(r -> !r.getLoggerName().startsWith("org.subethamail"));
    }

    private List<String> lines(Level level) {
        return notifierSide()
                .filter(r -> r.getLevel().intValue() == level.intValue())
                .map(r -> r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage())
                .toList();
    }
}
