package com.allthemuchbakeshop.storefront.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.testing.ChildProcess;
import com.allthemuchbakeshop.testing.TestPorts;
import io.restassured.RestAssured;
import jakarta.ws.rs.POST;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged storefront with the Pi's JVM settings (infra/jvm/storefront.options: a 64 MB heap
 * that exits on OutOfMemoryError) against bodies that never say their size: 16 MB and more,
 * chunked, to every POST route. Each gets its refusal page, the process stays up, and its peak
 * RSS stays within the container's memory limit.
 *
 * <p>Rerun by hand: {@code mvn -B -pl storefront -am verify -Dit.test=RequestBodyLimitIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
class RequestBodyLimitIT {

    private static final long BODY = 16L * 1024 * 1024;
    private static final long PHOTO_BODY = 24L * 1024 * 1024;
    /** The storefront's mem_limit in infra/compose.yaml. */
    private static final long CONTAINER_LIMIT_KB = 256 * 1024;
    private static final List<Class<?>> RESOURCES = List.of(SiteResource.class, SignUpResource.class,
            AdminSignInResource.class, AdminMenuResource.class, AdminOrdersResource.class);

    @TempDir
    Path data;

    private ChildProcess storefront;

    @Test
    void hugeChunkedBodiesToEveryPostRouteAreRefusedAndTheServiceStaysUpWithinItsMemory(TestInfo info) throws Exception {
        int port = TestPorts.next();
        start(ChildProcess.folder(info), port);
        List<String> routes = postRoutes();
        assertTrue(routes.contains("/order") && routes.contains("/admin/sign-in") && routes.size() > 10, routes.toString());

        for (String route : routes) {
            boolean photo = route.equals(WebRoutes.PHOTO_UPLOAD);
            String type = photo ? "multipart/form-data; boundary=xyz" : "application/x-www-form-urlencoded";
            // The photo upload is the one route that takes more than 64 kB (20 MB and the form around it).
            String status = sendChunked(port, route, type, photo ? PHOTO_BODY : BODY);
            assertEquals("413", status, "POST " + route + " with a chunked body");
            storefront.assertAlive("on POST " + route);
        }
        // Twice as many at once: no queue of bodies builds up in memory.
        List<CompletableFuture<String>> parallel = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            parallel.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return sendChunked(port, "/order", "application/x-www-form-urlencoded", BODY);
                } catch (IOException e) {
                    return e.toString();
                }
            }));
        }
        for (CompletableFuture<String> f : parallel) {
            assertEquals("413", f.get(120, TimeUnit.SECONDS));
        }

        storefront.assertAlive("after the bodies");
        assertEquals(200, RestAssured.given().port(port).get("/menu").statusCode(), "and still serves the menu");
        long peakKb = peakRssKb(storefront.pid());
        System.out.printf("RequestBodyLimitIT: %d routes, peak RSS %d kB (limit %d kB)%n", routes.size(), peakKb, CONTAINER_LIMIT_KB);
        assertTrue(peakKb < CONTAINER_LIMIT_KB, "peak RSS " + peakKb + " kB is within the container limit of "
                + CONTAINER_LIMIT_KB + " kB");
        String log = Files.readString(storefront.log());
        assertTrue(!log.contains("OutOfMemoryError"), log);
    }

    /** Every POST route of the storefront's resources, from their annotations. */
    static List<String> postRoutes() {
        TreeSet<String> routes = new TreeSet<>();
        for (Class<?> resource : RESOURCES) {
            String base = resource.getAnnotation(jakarta.ws.rs.Path.class).value().replaceAll("/+$", "");
            for (Method m : resource.getDeclaredMethods()) {
                if (m.isAnnotationPresent(POST.class)) {
                    jakarta.ws.rs.Path path = m.getAnnotation(jakarta.ws.rs.Path.class);
                    routes.add(base + "/" + (path == null ? "" : path.value().replaceAll("^/+", "")));
                }
            }
        }
        return new ArrayList<>(routes);
    }

    /**
     * Sends {@code size} bytes as chunks of 16 kB (no Content-Length), reading the answer while
     * sending: the server answers as soon as it has seen enough and then closes the connection.
     */
    private static String sendChunked(int port, String path, String type, long size) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            CompletableFuture<String> status = CompletableFuture.supplyAsync(() -> {
                try {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                    String line = in.readLine();
                    return line == null ? "no answer" : line.split(" ")[1];
                } catch (IOException e) {
                    return "no answer: " + e;
                }
            });
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
                    + "\r\nTransfer-Encoding: chunked\r\nCookie: csrf-token=attacker\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            // Many fields of just under 16 kB each (the largest one field may be), as in the attack.
            byte[] chunk = ("4000\r\n" + "&a=" + "x".repeat(0x4000 - 3) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            if (type.startsWith("multipart/")) {
                // One file part that never ends, as a photo upload would be.
                String head = "--xyz\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"big.jpg\"\r\n"
                        + "Content-Type: image/jpeg\r\n\r\n";
                out.write((Integer.toHexString(head.length()) + "\r\n" + head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            }
            try {
                for (long sent = 0; sent < size && !status.isDone(); sent += 0x4000) {
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closedByServer) {
                // expected: the server stopped reading after its answer
            }
            return status.join();
        }
    }

    private static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/" + pid + "/status");
    }

    private void start(String test, int port) throws Exception {
        Path options = Path.of("../infra/jvm/storefront.options").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(options), "missing " + options);
        Map<String, String> settings = PackagedStorefront.settings(port, data, "http://127.0.0.1:9",
                "it-token-0123456789abcdef0123456789abcdef");
        settings.put("MALLOC_ARENA_MAX", "2");
        storefront = ChildProcess.java(test, "storefront", PackagedStorefront.JAR, List.of("@" + options), settings);
        storefront.awaitReady(port, Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() throws Exception {
        if (storefront != null) {
            storefront.close();
        }
    }
}
