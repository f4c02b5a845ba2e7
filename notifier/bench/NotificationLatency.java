import com.allthemuchbakeshop.testing.TestPorts;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark, not a test: from an order's POST to the storefront to the owner's email being
 * accepted by an SMTP server (smtp_sink.py, aiosmtpd, which logs the time it accepts each
 * message), through the packaged storefront and notifier started exactly as production runs
 * them (their JVM argument files), over N orders. Run by notifier/bench/latency.sh.
 * Fails (exit 1, the reason on stderr) when an order is refused or a message does not arrive;
 * with -Dbench.smoke=true it prints no target, as a smoke run's figures mean nothing.
 *
 * Usage: java -cp sqlite-snapshot/target/test-classes [-Dbench.smoke=true] NotificationLatency.java ROOT [ORDERS]
 * (the test helpers' classes, for TestPorts)
 */
public class NotificationLatency {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");
    private static final Pattern SUBMISSION = Pattern.compile("name=\"submission\" value=\"([^\"]+)\"");
    private static final Pattern SUBJECT_REF = Pattern.compile("New order ([2-9A-Z]{6}):");

    /** A broken path: an order refused, a message lost. */
    private static final class BenchFailure extends RuntimeException {
        BenchFailure(String reason) {
            super(reason);
        }
    }

    public static void main(String[] args) throws Exception {
        // Stopped early (Ctrl-C, a timeout): the services and the sink stop with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        try {
            run(args);
        } catch (BenchFailure e) {
            System.err.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        boolean smoke = Boolean.getBoolean("bench.smoke");
        Path work = Files.createTempDirectory("notify-bench");
        // Outside the ephemeral range: no other socket on the machine can take one before its server binds it.
        int smtpPort = TestPorts.next(), storefrontPort = TestPorts.next(), notifierPort = TestPorts.next();
        String token = "bench-token-0123456789abcdef0123456789abcdef";

        Path sinkLog = work.resolve("smtp-sink.log");
        Process sink = new ProcessBuilder(System.getProperty("bench.python", "python3"), root.resolve("notifier/bench/smtp_sink.py").toString(), String.valueOf(smtpPort))
                .redirectErrorStream(true).redirectOutput(sinkLog.toFile()).start();
        Thread.sleep(1000);
        if (!sink.isAlive()) {
            throw new IllegalStateException("the SMTP sink did not start: " + Files.readString(sinkLog));
        }
        Map<String, Long> ownerMailSeen = new ConcurrentHashMap<>();
        List<Process> processes = new ArrayList<>();
        boolean passed = false;
        try {
            processes.add(start(root, "notifier", notifierPort, work, env(
                    "SMTP_STARTTLS", "DISABLED", "SMTP_LOGIN", "DISABLED", "QUARKUS_MAILER_OWN_HOST_NAME", "bench.test",
                    "NOTIFIER_DELIVERY", "smtp", "NOTIFIER_DATA_DIR", work.resolve("notifier").toString(),
                    "INTERNAL_API_TOKEN", token, "MAIL_FROM", "orders@bench.test", "OWNER_EMAIL", "owner@owner.test",
                    "OWNER_TEXT_CHANNEL", "email-gateway", "OWNER_SMS_GATEWAY", "5550104477@vtext.test",
                    "SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(smtpPort))));
            processes.add(start(root, "storefront", storefrontPort, work, env(
                    "STOREFRONT_DATA_DIR", work.resolve("storefront").toString(), "STOREFRONT_PHOTOS_DIR", work.resolve("photos").toString(),
                    "STOREFRONT_SAMPLE_MENU", "true", "STOREFRONT_SECURE_COOKIES", "false",
                    // as behind the edge proxy: each simulated customer has its own address
                    "STOREFRONT_TRUSTED_PROXIES", "127.0.0.1/32", "NOTIFIER_URL", "http://127.0.0.1:" + notifierPort,
                    "INTERNAL_API_TOKEN", token)));

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + storefrontPort;
            String date = LocalDate.now(ZoneId.of("America/Chicago")).plusDays(7).toString();
            Map<String, Long> posted = new ConcurrentHashMap<>();
            for (int i = 0; i < orders; i++) {
                // Each customer from their own household's /64: the rate limit counts an IPv6 client by its /64.
                String client = String.format("2001:db8:%x:%x::1", (i + 1) >> 16, (i + 1) & 0xffff);
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/order"))
                        .header("CF-Connecting-IP", client).build(), HttpResponse.BodyHandlers.ofString());
                String cookie = page.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
                String form = "csrf-token=" + find(TOKEN, page.body()) + "&submission=" + find(SUBMISSION, page.body())
                        + "&name=Customer+" + i + "&email=c" + i + "%40bench.test&phone=555+010+0000&fulfilment=pickup&date=" + date
                        + "&request=Bench+order+" + i;
                long start = System.currentTimeMillis(); // the sink logs wall-clock milliseconds
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/order"))
                        .header("CF-Connecting-IP", client).header("Cookie", cookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 303) {
                    fail("order " + i + " (customer " + client + ") answered " + r.statusCode() + " instead of 303");
                }
                String location = r.headers().firstValue("location").orElseThrow();
                posted.put(location.substring(location.length() - 6), start);
                Thread.sleep(20); // about 40 orders a second at most: far above a bakery's busiest hour
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            do {
                Thread.sleep(200);
                for (String line : Files.readAllLines(sinkLog)) {
                    Matcher m = SUBJECT_REF.matcher(line);
                    if (m.find()) {
                        ownerMailSeen.putIfAbsent(m.group(1), Long.parseLong(line.substring(0, line.indexOf(' '))));
                    }
                }
            } while (!ownerMailSeen.keySet().containsAll(posted.keySet()) && System.nanoTime() < deadline);
            List<Double> ms = new ArrayList<>();
            posted.forEach((ref, start) -> {
                Long seen = ownerMailSeen.get(ref);
                if (seen != null) {
                    ms.add((double) (seen - start));
                }
            });
            Collections.sort(ms);
            System.out.printf("%nOrder POST -> owner's email accepted by SMTP (%d orders, storefront + notifier jars, aiosmtpd)%n%n", orders);
            System.out.printf("| %-22s | %-10s |%n|%s|%s|%n", "measure", "value", "-".repeat(24), "-".repeat(12));
            System.out.printf("| %-22s | %-10d |%n", "orders delivered", ms.size());
            System.out.printf("| %-22s | %-10.1f |%n", "p50 (ms)", pct(ms, 50));
            System.out.printf("| %-22s | %-10.1f |%n", "p90 (ms)", pct(ms, 90));
            System.out.printf("| %-22s | %-10.1f |%n", "p99 (ms)", pct(ms, 99));
            System.out.printf("| %-22s | %-10.1f |%n", "max (ms)", ms.isEmpty() ? Double.NaN : ms.get(ms.size() - 1));
            // The customer's confirmation and the owner's text follow the owner's email.
            int expected = orders * 3, messages;
            long messagesDeadline = System.nanoTime() + 15_000_000_000L;
            while ((messages = messagesAccepted(sinkLog)) < expected && System.nanoTime() < messagesDeadline) {
                Thread.sleep(200);
            }
            System.out.printf("| %-22s | %-10d |%n", "messages at SMTP", messages);
            System.out.printf(smoke ? "%nSmoke run: no target; expected messages: %d (3 per order).%n"
                    : "%nTarget: p99 under 2000 ms. Expected messages: %d (3 per order).%n", expected);
            if (ms.size() != orders) {
                fail("only " + ms.size() + " of " + orders + " orders' owner emails reached the SMTP server within 60 s; logs in " + work);
            }
            if (messages != expected) {
                fail(messages + " messages reached the SMTP server, expected " + expected + " (3 per order); logs in " + work);
            }
            passed = true;
        } finally {
            for (Process p : processes) {
                p.destroy();
                p.waitFor();
            }
            sink.destroy();
            sink.waitFor();
            if (passed) { // a failed run keeps its logs
                try (var files = Files.walk(work)) {
                    files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    private static void fail(String reason) {
        throw new BenchFailure(reason);
    }

    /** The sink's lines "<epoch ms> <Subject>", one per message (not its warnings, if any). */
    private static int messagesAccepted(Path sinkLog) throws java.io.IOException {
        return (int) Files.readAllLines(sinkLog).stream().filter(l -> l.matches("\\d+ .*")).count();
    }

    private static Map<String, String> env(String... keysAndValues) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String find(Pattern p, String html) {
        Matcher m = p.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in the order page");
        }
        return m.group(1);
    }

    private static Process start(Path root, String service, int port, Path work, Map<String, String> env) throws Exception {
        Path options = root.resolve("infra/jvm/" + service + ".options");
        if (!Files.exists(options)) {
            options = root.resolve("infra/jvm/default.options");
        }
        ProcessBuilder pb = new ProcessBuilder("java", "@" + options, "-jar",
                root.resolve(service + "/target/quarkus-app/quarkus-run.jar").toString());
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        pb.redirectErrorStream(true).redirectOutput(work.resolve(service + ".log").toFile());
        Process p = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 600; i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException(service + " exited: " + Files.readString(work.resolve(service + ".log")));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return p;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(service + " not ready in 60 s");
    }
}
