package com.allthemuchbakeshop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;

/**
 * A process a test starts (a packaged service, rclone), its output in a log file under
 * {@code target/child-logs/} that outlives the test, so a failure can be read afterwards. Every
 * failure about it (it exited, it never got ready) carries the last {@value #TAIL} lines of that
 * log in its message.
 */
public final class ChildProcess implements AutoCloseable {

    static final int TAIL = 40;
    /** The test folders this JVM has used: an earlier run's logs in one are removed at its first use. */
    private static final Set<Path> FRESH = new HashSet<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path log;
    private final Process process;

    private ChildProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code command} with {@code env} added to this JVM's environment; its output goes to
     * {@code target/child-logs/<test>/<name>-<n>.log} (a new file for each start).
     */
    public static ChildProcess start(String test, String name, List<String> command, Map<String, String> env) {
        try {
            Path dir = logDirectory(test);
            Path log = dir.resolve(name + ".log");
            for (int n = 2; Files.exists(log); n++) {
                log = dir.resolve(name + "-" + n + ".log");
            }
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            return new ChildProcess(name, log, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    /** The log folder's name for a test: its class and method, e.g. {@code OrderNotificationIT.ordersAreDelivered}. */
    public static String folder(TestInfo info) {
        return info.getTestClass().map(Class::getSimpleName).orElse("test") + "." + info.getTestMethod().map(Method::getName).orElse("all");
    }

    private static synchronized Path logDirectory(String test) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "child-logs", test).toAbsolutePath());
        if (FRESH.add(dir)) {
            try (Stream<Path> old = Files.list(dir)) {
                for (Path file : old.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return dir;
    }

    /** Starts {@code java [jvmOptions] -jar jar} (a packaged Quarkus service). */
    public static ChildProcess java(String test, String name, Path jar, List<String> jvmOptions, Map<String, String> env) {
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("this test runs " + name + "'s packaged jar: build it first (mvn package); missing " + jar);
        }
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        return start(test, name, command, env);
    }

    /** Waits until {@code GET http://127.0.0.1:port/q/health/ready} answers 200; fails with the log's tail if the process exits or the time runs out. */
    public ChildProcess awaitReady(int port, Duration timeout) throws InterruptedException {
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        Instant end = Instant.now().plus(timeout);
        while (true) {
            assertAlive("while starting");
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError(name + " did not get ready on port " + port + " in " + seconds(timeout) + tail());
            }
            Thread.sleep(200);
        }
    }

    /** Waits until something accepts TCP connections on 127.0.0.1:port; fails with the log's tail if the process exits or the time runs out. */
    public ChildProcess awaitListening(int port, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (true) {
            assertAlive("while starting");
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError(name + " did not listen on port " + port + " in " + seconds(timeout) + tail());
            }
            Thread.sleep(100);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    /** Fails, with the log's tail, if the process has exited. */
    public void assertAlive(String when) {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited " + when + " with status " + process.exitValue() + tail());
        }
    }

    /** The last lines of the log, as a message's end: where it is and what it says. */
    public String tail() {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "; its log " + log + " cannot be read: " + e;
        }
        List<String> last = lines.subList(Math.max(0, lines.size() - TAIL), lines.size());
        return "; last " + last.size() + (last.size() == 1 ? " line" : " lines") + " of " + log + ":\n" + String.join("\n", last);
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills it at once (SIGKILL), as a power cut or an OOM kill would, and waits for it to go. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Asks it to stop (SIGTERM) and waits up to 30 s, then kills it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
