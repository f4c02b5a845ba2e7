package com.allthemuchbakeshop.notifier;

import com.allthemuchbakeshop.testing.TestPorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.internal.server.CommandException;
import org.subethamail.smtp.internal.server.CommandHandler;
import org.subethamail.smtp.internal.server.HelpMessage;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

/**
 * SendGrid's relay as the tests play it: a real SMTP server (SubEthaSMTP) in the test JVM that
 * answers nothing but EHLO/STARTTLS/QUIT before TLS, offers AUTH (PLAIN, LOGIN) only after it,
 * and takes mail only from user "apikey" with the key it currently accepts. Its certificate is
 * made by keytool at start; the notifier trusts it through a named TLS configuration (never
 * trust-all). Tests switch how it behaves without restarting Quarkus, and read every command
 * and message it received.
 */
public class TlsSmtpServer implements QuarkusTestResourceLifecycleManager {

    /** How the server behaves. */
    public enum Mode {
        /** STARTTLS first, then AUTH as apikey, then mail: SendGrid on port 587. */
        SENDGRID,
        /** No STARTTLS at all, and it would take AUTH and mail in clear text (a stripped or wrong relay). */
        NO_STARTTLS,
        /** STARTTLS with a certificate the notifier does not trust (someone posing as the relay). */
        UNTRUSTED_CERTIFICATE
    }

    /** One command as the server read it: only the verb (AUTH lines carry the key), and whether TLS was on. */
    public record Received(String verb, boolean tls) {
    }

    /** One message the server accepted, with how its session was secured and authenticated. */
    public record Delivery(String from, String to, byte[] data, boolean tls, Optional<Object> user) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    static final String HOST = "127.0.0.1";
    private static final List<Received> COMMANDS = new CopyOnWriteArrayList<>();
    private static final List<Delivery> DELIVERIES = new CopyOnWriteArrayList<>();

    private static int port;
    private static SSLContext trusted;
    private static SSLContext untrusted;
    private static volatile String acceptedKey;
    private static SMTPServer server;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "tls-smtp", UUID.randomUUID().toString())).toAbsolutePath();
            char[] password = UUID.randomUUID().toString().toCharArray();
            // Two key pairs at once: each keytool is a JVM start, slow on a busy machine.
            Process relay = keytool(dir, "relay", "CN=relay.test", password);
            Process stranger = keytool(dir, "stranger", "CN=stranger.test", password);
            Path relayStore = finished(relay, dir, "relay");
            trusted = sslContext(relayStore, password);
            untrusted = sslContext(finished(stranger, dir, "stranger"), password);
            Path relayCertificate = Files.writeString(dir.resolve("relay.pem"), pem(relayStore, password));
            port = TestPorts.next();
            use(Mode.SENDGRID, SendGridRelayTest.KEY);
            // Only what differs from production: where the relay is and which certificate to trust.
            return Map.of(
                    "quarkus.mailer.host", HOST,
                    "quarkus.mailer.port", String.valueOf(port),
                    "quarkus.mailer.tls-configuration-name", "test-relay",
                    "quarkus.tls.test-relay.trust-store.pem.certs", relayCertificate.toString(),
                    // With a TLS configuration the mailer defaults to TLS from the first byte (port 465); 587 is STARTTLS.
                    "quarkus.mailer.tls", "false",
                    // A connection closed before the mail client reads the greeting (a restart here) leaves it
                    // waiting until this timeout (60 s by default; vertx-mail-client issue 213).
                    "quarkus.mailer.timeout", "10S");
        } catch (Exception e) {
            throw new IllegalStateException("could not set up the TLS SMTP server: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        halt();
    }

    /** (Re)starts the server in this mode, accepting this key; open sessions end, as when a relay restarts. */
    public static synchronized void use(Mode mode, String key) {
        halt();
        acceptedKey = key;
        SMTPServer.Builder b = SMTPServer.port(port)
                .bindAddress(loopback())
                .hostName("relay.test")
                .serverSocketFactory(() -> {
                    ServerSocket s = new ServerSocket();
                    s.setReuseAddress(true); // the same port at once after a restart
                    return s;
                })
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory(TlsSmtpServer::login))
                .messageHandler(TlsSmtpServer::arrived);
        if (mode != Mode.NO_STARTTLS) {
            b.enableTLS().requireTLS().requireAuth()
                    .startTlsSocketFactory(mode == Mode.SENDGRID ? trusted : untrusted);
        }
        SMTPServer s = b.build();
        record(s.getCommandHandler());
        s.start();
        server = s;
    }

    private static synchronized void halt() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public static List<Received> commands() {
        return List.copyOf(COMMANDS);
    }

    /** The commands received after the first {@code count}. */
    public static List<Received> commandsSince(int count) {
        List<Received> all = commands();
        return all.subList(count, all.size());
    }

    public static List<Delivery> deliveries() {
        return List.copyOf(DELIVERIES);
    }

    private static void login(String user, String password, MessageContext context) throws LoginFailedException {
        if (!"apikey".equals(user) || !password.equals(acceptedKey)) {
            throw new LoginFailedException();
        }
    }

    private static void arrived(MessageContext context, String from, String to, byte[] data) {
        DELIVERIES.add(new Delivery(from, to, data, ((Session) context).isTLSStarted(),
                context.getAuthenticationHandler().map(AuthenticationHandler::getIdentity)));
    }

    /** Wraps every command so the test sees what arrived, and whether before or after STARTTLS. */
    private static void record(CommandHandler handler) {
        for (String verb : new ArrayList<>(handler.getVerbs())) {
            Command real = handler.getCommand(verb);
            handler.addCommand(new Command() {
                @Override
                public void execute(String line, Session session) throws IOException, DropConnectionException {
                    COMMANDS.add(new Received(real.getName().toUpperCase(Locale.ROOT), session.isTLSStarted()));
                    real.execute(line, session);
                }

                @Override
                public HelpMessage getHelp() throws CommandException {
                    return real.getHelp();
                }

                @Override
                public String getName() {
                    return real.getName();
                }
            });
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName(HOST);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts keytool making a key pair and a self-signed certificate for 127.0.0.1 (and localhost), valid two days. */
    private static Process keytool(Path dir, String alias, String name, char[] password) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalStateException("keytool is missing at " + keytool + ": run the tests with a full JDK");
        }
        return new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", name, "-ext", "SAN=ip:" + HOST + ",dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", new String(password))
                .redirectErrorStream(true).start();
    }

    private static Path finished(Process keytool, Path dir, String alias) throws Exception {
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool -genkeypair " + alias + " failed: " + output);
        }
        return dir.resolve(alias + ".p12");
    }

    private static SSLContext sslContext(Path store, char[] password) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(store, password), password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** The store's certificate alone, as PEM: what the notifier is told to trust. */
    private static String pem(Path store, char[] password) throws Exception {
        KeyStore keys = load(store, password);
        byte[] der = keys.getCertificate(keys.aliases().nextElement()).getEncoded();
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    private static KeyStore load(Path store, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        return keys;
    }
}
