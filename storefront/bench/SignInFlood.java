import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flood for signin-flood.sh: wrong passwords for one admin name at a steady rate, each from
 * the next of many client addresses (the trusted proxy header, one IPv6 /64 each), for a while.
 * Prints "sent answered status:count..." when done. Usage: java SignInFlood.java PORT NAME PER_SECOND SECONDS
 */
public class SignInFlood {
    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:" + args[0];
        String name = args[1];
        int perSecond = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        // One form token and its cookie, as a script would keep them.
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(page.body());
        String cookie = page.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("csrf-token="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow(() -> new IllegalStateException("no CSRF cookie"));
        if (!token.find()) {
            throw new IllegalStateException("no form token on the sign-in page");
        }
        String body = "csrf-token=" + token.group(1) + "&name=" + name + "&password=wrong-guess";

        ExecutorService pool = Executors.newFixedThreadPool(64);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong answered = new AtomicLong();
        long total = (long) perSecond * seconds;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String client = "2001:db8:" + Long.toHexString(0x100 + i % 4000) + "::7";
            pool.submit(() -> {
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/sign-in"))
                            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Cookie", cookie).header("CF-Connecting-IP", client)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                    statuses.computeIfAbsent(r.statusCode(), k -> new AtomicLong()).incrementAndGet();
                    answered.incrementAndGet();
                } catch (Exception e) {
                    statuses.computeIfAbsent(-1, k -> new AtomicLong()).incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        StringBuilder out = new StringBuilder(total + " " + answered.get());
        new TreeMap<>(statuses).forEach((s, n) -> out.append(' ').append(s).append(':').append(n));
        System.out.println(out);
    }
}
