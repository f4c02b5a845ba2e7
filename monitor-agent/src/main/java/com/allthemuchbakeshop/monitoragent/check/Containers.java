package com.allthemuchbakeshop.monitoragent.check;

import com.allthemuchbakeshop.monitoragent.check.Observation.Audience;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.Closeable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The stack's containers through the read-only Docker API window (docker-java, its zerodep
 * transport: no native library, and it resolves from Maven Central): a list of the project's
 * containers every round (running? healthy?), and Docker's event stream for what a list cannot
 * show (deaths, with their exit codes, for crash loops; out-of-memory kills) and to look again
 * at once when something changes. The stream reconnects with `since`, so no event is missed,
 * and every reconnect is followed by a full round (the caller's wake-up).
 */
public class Containers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Containers.class);
    private static final String PROJECT = "com.docker.compose.project";
    private static final String SERVICE = "com.docker.compose.service";
    private static final Pattern EXITED = Pattern.compile("Exited \\((-?\\d+)\\)");

    private final DockerClient docker;
    private final DockerClient events;
    private final Optional<String> configuredProject;
    private final List<String> services;
    private final int crashLoopDeaths;
    private final Duration crashLoopWindow;
    private final Clock clock;
    private final Runnable wake;
    private final Map<String, Deque<Instant>> deaths = new HashMap<>();
    private final Map<String, Instant> ooms = new HashMap<>();
    private volatile String project;
    private volatile Closeable stream;
    private volatile Instant lastEvent;
    private volatile boolean closed;
    private final Thread reconnector;
    private final java.util.concurrent.ExecutorService statsPool = java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "docker-stats");
        t.setDaemon(true);
        return t;
    });

    public Containers(String dockerHost, Optional<String> project, List<String> services, int crashLoopDeaths,
            Duration crashLoopWindow, Clock clock, Runnable wake) {
        this.configuredProject = project.filter(p -> !p.isBlank());
        this.services = services;
        this.crashLoopDeaths = crashLoopDeaths;
        this.crashLoopWindow = crashLoopWindow;
        this.clock = clock;
        this.wake = wake;
        this.docker = client(dockerHost, Duration.ofSeconds(20));
        this.events = client(dockerHost, Duration.ZERO); // the stream may be quiet for hours
        // Deaths and OOM kills of the last window are replayed on start, so a restarted agent still sees a crash loop.
        this.lastEvent = clock.instant().minus(crashLoopWindow);
        this.reconnector = new Thread(this::keepStreaming, "docker-events");
        this.reconnector.setDaemon(true);
    }

    private static DockerClient client(String host, Duration responseTimeout) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host)
                .withDockerTlsVerify(false).build();
        ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(host))
                .maxConnections(4).connectionTimeout(Duration.ofSeconds(5));
        if (!responseTimeout.isZero()) {
            http.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    public void start() {
        reconnector.start();
    }

    /** The compose project watched: the setting, or the one of the agent's own container. */
    private String project() {
        if (project == null) {
            project = configuredProject.orElseGet(() -> {
                String self = System.getenv().getOrDefault("HOSTNAME", "-");
                for (Container c : docker.listContainersCmd().exec()) {
                    if (c.getId().startsWith(self) && c.getLabels() != null && c.getLabels().containsKey(PROJECT)) {
                        return c.getLabels().get(PROJECT);
                    }
                }
                throw new IllegalStateException("the agent's own container (" + self + ") is not in the Docker API's list; "
                        + "set MONITOR_COMPOSE_PROJECT");
            });
            LOG.infof("Watching the containers of the compose project %s: %s", project, String.join(", ", services));
        }
        return project;
    }

    private void keepStreaming() {
        while (!closed) {
            CountDownLatchCallback callback = new CountDownLatchCallback();
            try {
                String since = Long.toString(lastEvent.getEpochSecond());
                stream = events.eventsCmd().withEventTypeFilter(EventType.CONTAINER)
                        .withEventFilter("die", "oom", "start", "stop", "health_status")
                        .withLabelFilter(Map.of(PROJECT, project())).withSince(since).exec(callback);
                wake.run(); // reconcile: a full round after every (re)connect
                callback.done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Docker's event stream: %s; reconnecting in 5 s", e.getMessage());
            }
            if (!closed) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private final class CountDownLatchCallback extends ResultCallback.Adapter<Event> {
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void onNext(Event e) {
            on(e);
        }

        @Override
        public void onError(Throwable t) {
            if (!closed) {
                LOG.warnf("Docker's event stream broke: %s", t.getMessage());
            }
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }
    }

    void on(Event e) {
        String action = e.getAction() == null ? String.valueOf(e.getStatus()) : e.getAction();
        Map<String, String> attributes = e.getActor() == null || e.getActor().getAttributes() == null ? Map.of()
                : e.getActor().getAttributes();
        String service = attributes.getOrDefault(SERVICE, "");
        Instant at = e.getTimeNano() != null && e.getTimeNano() > 0 ? Instant.EPOCH.plusNanos(e.getTimeNano())
                : e.getTime() != null ? Instant.ofEpochSecond(e.getTime()) : clock.instant();
        if (at.isAfter(lastEvent)) {
            lastEvent = at;
        }
        if (!services.contains(service)) {
            return;
        }
        synchronized (deaths) {
            String exit = attributes.getOrDefault("exitCode", "?");
            // A stop (docker stop, a deploy) ends with SIGTERM's 143 and is not a crash.
            if (action.equals("die") && !exit.equals("143") && !exit.equals("0")) {
                deaths.computeIfAbsent(service, s -> new ArrayDeque<>()).addLast(at);
                LOG.infof("Docker: %s died (exit code %s)", service, exit);
            } else if (action.equals("oom")) {
                ooms.put(service, at);
                LOG.warnf("Docker: %s was killed for running out of memory", service);
            }
        }
        wake.run();
    }

    /** A container's memory against its limit, failing from 90 % until it is back under 85 % (wasFailing), with its CPU share. */
    static Observation memory(String service, long usage, long limit, double cpuPercent, boolean wasFailing) {
        String key = "memory:" + service;
        String name = service + " memory";
        if (limit <= 0 || usage < 0) {
            return Observation.ok(key, name, Audience.DEVELOPER, "no figures from Docker", -1);
        }
        double pct = 100.0 * usage / limit;
        String summary = String.format(java.util.Locale.ROOT, "%d MB of its %d MB (%.0f %%), CPU %.1f %%", usage >> 20, limit >> 20,
                pct, cpuPercent);
        if (pct >= (wasFailing ? 85 : 90)) {
            return Observation.failed(key, name, Audience.DEVELOPER, "near its memory limit: " + summary,
                    "At its limit the kernel kills it (out of memory) and Docker restarts it. Raise mem_limit in "
                            + "infra/compose.yaml, or look for a leak in its logs.", -1);
        }
        return Observation.ok(key, name, Audience.DEVELOPER, summary, -1);
    }

    /**
     * Memory and CPU of every running watched container (Docker's stats, read in parallel: each
     * takes Docker about a second to sample). wasFailing: the memory checks now failing.
     */
    public List<Observation> resources(java.util.Set<String> wasFailing) {
        List<Container> running;
        try {
            running = docker.listContainersCmd().withLabelFilter(Map.of(PROJECT, project())).exec();
        } catch (RuntimeException e) {
            return List.of();
        }
        List<java.util.concurrent.CompletableFuture<Observation>> later = new ArrayList<>();
        for (Container c : running) {
            String service = c.getLabels() == null ? "" : c.getLabels().getOrDefault(SERVICE, "");
            if (!services.contains(service)) {
                continue;
            }
            later.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                java.util.concurrent.atomic.AtomicReference<com.github.dockerjava.api.model.Statistics> got =
                        new java.util.concurrent.atomic.AtomicReference<>();
                try {
                    docker.statsCmd(c.getId()).withNoStream(true).exec(new ResultCallback.Adapter<com.github.dockerjava.api.model.Statistics>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Statistics s) {
                            got.set(s);
                        }
                    }).awaitCompletion(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.debugf("stats of %s: %s", service, e.getMessage());
                }
                com.github.dockerjava.api.model.Statistics s = got.get();
                if (s == null || s.getMemoryStats() == null || s.getMemoryStats().getUsage() == null) {
                    return null;
                }
                long usage = s.getMemoryStats().getUsage();
                // As docker stats shows it: without the page cache the kernel can drop.
                if (s.getMemoryStats().getStats() != null && s.getMemoryStats().getStats().getInactiveFile() != null) {
                    usage -= s.getMemoryStats().getStats().getInactiveFile();
                }
                long limit = s.getMemoryStats().getLimit() == null ? 0 : s.getMemoryStats().getLimit();
                return memory(service, usage, limit, cpu(s), wasFailing.contains("memory:" + service));
            }, statsPool));
        }
        List<Observation> out = new ArrayList<>();
        for (var f : later) {
            Observation o = f.join();
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    private static double cpu(com.github.dockerjava.api.model.Statistics s) {
        try {
            long cpuDelta = s.getCpuStats().getCpuUsage().getTotalUsage() - s.getPreCpuStats().getCpuUsage().getTotalUsage();
            long systemDelta = s.getCpuStats().getSystemCpuUsage() - s.getPreCpuStats().getSystemCpuUsage();
            long cpus = s.getCpuStats().getOnlineCpus() == null ? 1 : s.getCpuStats().getOnlineCpus();
            return systemDelta > 0 && cpuDelta >= 0 ? 100.0 * cpuDelta / systemDelta * cpus : 0;
        } catch (RuntimeException e) {
            return 0; // the first sample has no previous one
        }
    }

    /** This round's container observations (running and healthy, crash loop, out of memory), one set per watched service. */
    public List<Observation> check() {
        Instant now = clock.instant();
        List<Observation> out = new ArrayList<>();
        long t = System.nanoTime();
        List<Container> list;
        try {
            list = docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(PROJECT, project())).exec();
        } catch (RuntimeException e) {
            out.add(Observation.failed("docker", "the Docker API", Audience.DEVELOPER, "cannot be read: " + e.getMessage(),
                    "The containers are not checked while it cannot be read (docker-ro, DOCKER_HOST).", -1));
            return out;
        }
        out.add(Observation.ok("docker", "the Docker API", Audience.DEVELOPER, "read", millis(t)));
        Map<String, Container> byService = new HashMap<>();
        for (Container c : list) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            String service = labels.getOrDefault(SERVICE, "");
            if (services.contains(service) && !"True".equalsIgnoreCase(labels.get("com.docker.compose.oneoff"))) {
                Container seen = byService.get(service);
                if (seen == null || "running".equals(c.getState())) {
                    byService.put(service, c);
                }
            }
        }
        for (String service : services) {
            Container c = byService.get(service);
            if (c == null) {
                continue; // not part of this stack (cloudflared without a tunnel), or removed on purpose
            }
            String key = "container:" + service;
            String name = "the " + service + " container";
            String status = c.getStatus() == null ? "" : c.getStatus();
            if (!"running".equals(c.getState())) {
                Matcher m = EXITED.matcher(status);
                String why = m.find() ? "exited with code " + m.group(1) + exitMeaning(m.group(1)) : c.getState();
                out.add(Observation.failed(key, name, Audience.DEVELOPER, "not running (" + why + ")", status + "\n" + logs(c), -1));
            } else if (status.contains("(unhealthy)")) {
                out.add(Observation.failed(key, name, Audience.DEVELOPER, "running but unhealthy (its healthcheck fails)",
                        status + "\n" + logs(c), -1));
            } else if (status.contains("health: starting")) {
                continue; // neither: it is still starting (Docker marks it unhealthy if it never gets there)
            } else {
                out.add(Observation.ok(key, name, Audience.DEVELOPER, status, -1));
            }
        }
        synchronized (deaths) {
            for (String service : byService.keySet()) {
                Deque<Instant> d = deaths.getOrDefault(service, new ArrayDeque<>());
                while (!d.isEmpty() && d.peekFirst().isBefore(now.minus(crashLoopWindow))) {
                    d.removeFirst();
                }
                String key = "crashloop:" + service;
                String name = service + " crash loop";
                if (d.size() >= crashLoopDeaths) {
                    out.add(Observation.failed(key, name, Audience.DEVELOPER, "crash loop: it died " + d.size() + " times in the last "
                            + crashLoopWindow.toMinutes() + " minutes and Docker keeps restarting it",
                            logs(byService.get(service)), -1).certain());
                } else {
                    out.add(Observation.ok(key, name, Audience.DEVELOPER, d.size() + " deaths in the last " + crashLoopWindow.toMinutes()
                            + " minutes", -1));
                }
                Instant oom = ooms.get(service);
                String oomKey = "oom:" + service;
                if (oom != null && oom.isAfter(now.minus(crashLoopWindow))) {
                    out.add(Observation.failed(oomKey, service + " out of memory", Audience.DEVELOPER,
                            "out of memory: killed by its memory limit at " + oom + " (mem_limit in infra/compose.yaml)",
                            logs(byService.get(service)), -1).certain());
                } else {
                    out.add(Observation.ok(oomKey, service + " out of memory", Audience.DEVELOPER, "no out-of-memory kill in the last "
                            + crashLoopWindow.toMinutes() + " minutes", -1));
                }
            }
        }
        return out;
    }

    private static String exitMeaning(String code) {
        return switch (code) {
            case "137" -> ": killed (out of memory, or docker kill)";
            case "143" -> ": stopped (SIGTERM, e.g. docker stop)";
            case "0" -> ": ended by itself";
            default -> "";
        };
    }

    /** The container's last log lines (the window allows logs, not the details that hold the environment). */
    private String logs(Container c) {
        if (c == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("Last log lines:\n");
        try {
            docker.logContainerCmd(c.getId()).withStdOut(true).withStdErr(true).withTail(15).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.append("(cannot be read: ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }

    private static long millis(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (stream != null) {
                stream.close();
            }
            docker.close();
            events.close();
        } catch (java.io.IOException ignored) {
            // shutting down
        }
        reconnector.interrupt();
    }
}
