package com.allthemuchbakeshop.monitoragent.service;

import com.allthemuchbakeshop.monitoragent.alert.Alerter;
import com.allthemuchbakeshop.monitoragent.alert.Notice;
import com.allthemuchbakeshop.monitoragent.check.Backups;
import com.allthemuchbakeshop.monitoragent.check.Containers;
import com.allthemuchbakeshop.monitoragent.check.Host;
import com.allthemuchbakeshop.monitoragent.check.Http;
import com.allthemuchbakeshop.monitoragent.check.Observation;
import com.allthemuchbakeshop.monitoragent.check.Site;
import com.allthemuchbakeshop.monitoragent.check.Tracker;
import com.allthemuchbakeshop.monitoragent.config.MonitorConfig;
import com.allthemuchbakeshop.monitoragent.store.Store;
import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The rounds: every check, the state machine, the notices, the heartbeat. A round runs every
 * monitor.interval while all is well, every monitor.retry-interval while something is failing or
 * coming back, and at once (within a second) when Docker reports a container event. One thread;
 * a check that throws is a failed check, never a stopped monitor.
 */
@ApplicationScoped
public class Monitor {

    private static final Logger LOG = Logger.getLogger(Monitor.class);

    private final MonitorConfig config;
    private final Clock clock;
    private final Mailer mailer;
    private final Object bell = new Object();
    private boolean rung;
    private volatile boolean running;
    private volatile Instant lastRound;
    private Thread thread;
    private volatile Store store;
    private Tracker tracker;
    private Containers containers;
    private Site site;
    private Backups backups;
    private Host host;
    private Alerter alerter;
    private Instant monitoringSince;
    private Instant startedAt;
    private Instant lastResources;
    private final Http heartbeat = new Http(Duration.ofSeconds(10));

    Monitor(MonitorConfig config, Clock clock, Mailer mailer) {
        this.config = config;
        this.clock = clock;
        this.mailer = mailer;
    }

    void start(@Observes StartupEvent ignored) {
        if (config.interval().compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("MONITOR_INTERVAL must be at most 5 minutes (it is " + config.interval() + ")");
        }
        startedAt = clock.instant();
        store();
        tracker = new Tracker(new Tracker.Rules(config.failuresBeforeDown(), config.successesBeforeUp(), config.reminderInterval(),
                config.retryInterval().multipliedBy(config.failuresBeforeDown() - 1L)));
        monitoringSince = Instant.parse(store.factOnce("monitoring-since", clock.instant().toString()));
        site = new Site(config.storefrontUrl(), config.edgeUrl(), config.publicUrl(), config.httpTimeout());
        backups = new Backups(config.backupAgentUrl(), config.internalApiToken(), config.backupMaxAge(), config.httpTimeout());
        host = new Host(config.diskPath().orElse(config.dataDir()), config.diskWarnPercent(), Path.of("/proc"),
                Path.of("/sys/class/thermal/thermal_zone0/temp"));
        alerter = new Alerter(new Alerter.Settings(config.notifierUrl(), config.internalApiToken(), config.fallbackDelivery(),
                config.ownerEmail(), config.ownerSmsGateway().filter(g -> config.ownerTextChannel().equals("email-gateway")), config.developerEmail(), config.siteUrl(), ZoneId.of(config.timeZone())),
                mailer);
        if (config.dockerHost().filter(h -> !h.isBlank()).isPresent()) {
            containers = new Containers(config.dockerHost().get(), config.composeProject(), config.services(), config.crashLoopDeaths(),
                    config.crashLoopWindow(), clock, this::wake);
            containers.start();
        } else {
            LOG.warn("No DOCKER_HOST: containers are not checked");
        }
        running = true;
        thread = new Thread(this::loop, "monitor-rounds");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Monitoring every %s (every %s while something fails); down after %d failed checks, back after %d passed",
                config.interval(), config.retryInterval(), config.failuresBeforeDown(), config.successesBeforeUp());
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        wake();
        if (containers != null) {
            containers.close();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (store != null) {
            store.close();
        }
    }

    /** Asks for a round now (a Docker event, a maintenance window that ended). */
    public void wake() {
        synchronized (bell) {
            rung = true;
            bell.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            boolean hurry;
            long began = System.currentTimeMillis();
            try {
                hurry = round();
            } catch (RuntimeException e) {
                LOG.errorf(e, "A monitoring round failed: %s", e.getMessage());
                hurry = true;
            }
            // Rounds start an interval apart, however long one took (a slow check does not stretch the rhythm).
            long waitMs = Math.max(500, (hurry ? config.retryInterval() : config.interval()).toMillis()
                    - (System.currentTimeMillis() - began));
            synchronized (bell) {
                long until = System.currentTimeMillis() + waitMs;
                while (running && !rung && System.currentTimeMillis() < until) {
                    try {
                        bell.wait(Math.max(1, until - System.currentTimeMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                rung = false;
            }
            if (running) {
                try {
                    Thread.sleep(500); // events come in bursts (kill, die, stop): one round for them all
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One round; true when something is failing or coming back (the next round comes sooner). */
    synchronized boolean round() {
        Instant now = clock.instant();
        boolean maintenance = inMaintenance(now) || now.isBefore(startedAt.plus(config.startupGrace()));
        Map<String, Tracker.State> states = store.states();
        List<Observation> observations = new ArrayList<>();
        // The website's three fetches run while the containers are listed and their logs read.
        CompletableFuture<Observation> siteLater = CompletableFuture.supplyAsync(site::check);
        String cloudflared = null;
        if (containers != null) {
            for (Observation o : containers.check()) {
                observations.add(o);
                if (o.key().equals("container:cloudflared")) {
                    cloudflared = o.summary();
                }
            }
        }
        observations.add(backups.check(now, monitoringSince));
        // Container memory and CPU: every 5 minutes (Docker takes a second per container to sample them).
        if (containers != null && (lastResources == null || !now.isBefore(lastResources.plus(Duration.ofMinutes(5))))) {
            lastResources = now;
            Set<String> failing = new HashSet<>();
            states.values().stream().filter(s -> s.key().startsWith("memory:") && s.status() != Tracker.Status.UP)
                    .forEach(s -> failing.add(s.key()));
            observations.addAll(containers.resources(failing));
        }
        observations.add(Site.withCloudflared(siteLater.join(), cloudflared));
        Map<String, Double> values = new HashMap<>();
        try {
            Host.Space space = host.space();
            Tracker.State disk = states.get(Host.DISK);
            boolean wasFailing = disk != null && disk.status() != Tracker.Status.UP;
            observations.add(host.disk(space, wasFailing, store.values(Host.DISK, now.minus(Duration.ofDays(1))), now));
            values.put(Host.DISK, space.usedPercent());
        } catch (IOException e) {
            observations.add(Observation.failed(Host.DISK, "disk space", Observation.Audience.DEVELOPER, "cannot be read: "
                    + e.getMessage(), "", -1));
        }
        observations.add(host.machine());

        Map<String, Tracker.State> after = new LinkedHashMap<>();
        for (Observation o : observations) {
            Tracker.State before = states.get(o.key());
            Tracker.State s = tracker.apply(before, o, now);
            if (before == null || before.status() != s.status()) {
                LOG.infof("%s: %s -> %s: %s", o.name(), before == null ? "new" : before.status(), s.status(), s.summary());
            }
            after.put(o.key(), s);
            store.save(s);
        }
        store.record(now, observations, values, now.minus(config.keepRaw()));
        states.putAll(after);

        List<Notice> notices = new ArrayList<>();
        for (Tracker.State s : states.values()) {
            tracker.due(s, now, maintenance).ifPresent(change -> notices.add(new Notice(change, s)));
        }
        if (!notices.isEmpty() && alerter.deliver(notices, now)) {
            for (Notice n : notices) {
                store.save(tracker.sent(n.state(), n.change(), now));
            }
        }
        ping(states.get(Site.KEY));
        lastRound = now;
        return states.values().stream().anyMatch(s -> s.status() != Tracker.Status.UP || s.alerted());
    }

    private boolean inMaintenance(Instant now) {
        return store.maintenance(now).stream().anyMatch(m -> !m.startsAt().isAfter(now));
    }

    /** The external heartbeat: URL while the website is up, URL/fail while it is down. */
    private void ping(Tracker.State siteState) {
        Optional<String> url = config.heartbeatUrl().filter(u -> !u.isBlank());
        if (url.isEmpty()) {
            return;
        }
        boolean down = siteState != null && siteState.status() == Tracker.Status.DOWN;
        String target = url.get().replaceAll("/+$", "") + (down ? "/fail" : "");
        Http.Answer r = heartbeat.get(target, null);
        if (!r.ok()) {
            LOG.warnf("The heartbeat %s: %s", target, r.problem());
        }
    }

    public Map<String, Tracker.State> states() {
        return store.states();
    }

    /** The database, opened on first use (the snapshot route may ask before the first round). */
    public Store store() {
        synchronized (bell) {
            if (store == null) {
                store = new Store(config.dataDir());
            }
            return store;
        }
    }

    public Optional<Instant> lastRound() {
        return Optional.ofNullable(lastRound);
    }

    public Instant now() {
        return clock.instant();
    }

    public boolean maintenanceNow() {
        return inMaintenance(clock.instant());
    }
}
