package com.allthemuchbakeshop.deployhook.service;

import com.allthemuchbakeshop.deployhook.config.DeployConfig;
import com.allthemuchbakeshop.deployhook.store.History;
import com.allthemuchbakeshop.deployhook.store.History.Deploy;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs deploys and rollbacks, one at a time (a second one while one runs is refused as busy):
 * maintenance window → pre-deploy backup → disk check → pull → the new version started by the
 * host's docker-compose beside the old one (the storefront: a second container on the same
 * network alias, which the edge already retries across) or in its place (the other services,
 * whose callers retry) → ready by its own healthcheck → the old one stopped with a grace period →
 * watched → rolled back to the previous image on any failure → old images pruned → history →
 * Gerell told.
 */
@ApplicationScoped
public class Deployer {

    private static final Logger LOG = Logger.getLogger(Deployer.class);
    /** What the hook can deploy. Itself it cannot replace while running: deploy.sh does that from the host. */
    public static final Set<String> SERVICES = Set.of("storefront", "notifier", "backup-agent", "monitor-agent", "edge");
    /**
     * Served through a network alias, on this port: a second container answers beside the old one
     * during the switch, and the old one is taken out of rotation before it stops.
     */
    private static final Map<String, Integer> SIDE_BY_SIDE = Map.of("storefront", 8080);
    /** From out of rotation to stopped: the connections it accepted just before reach the app. */
    private static final Duration OUT_OF_ROTATION = Duration.ofSeconds(1);
    /** Where a service customers use counts its requests and server errors (Micrometer's Prometheus page). */
    private static final Map<String, String> METRICS = Map.of("storefront", ":8080/q/metrics");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:-]{0,254}(@sha256:[0-9a-f]{64})?");
    private static final Pattern COMMIT = Pattern.compile("[A-Za-z0-9._#-]{1,64}");
    private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9._@ -]{1,64}");

    /** A deploy is running: the caller is told which, and waits or comes back. */
    public static class Busy extends Exception {
        Busy(String message) {
            super(message);
        }
    }

    /** A step failed; the message says what and what was (not) changed. */
    static class Failed extends Exception {
        final boolean changed;

        Failed(String message, boolean changed) {
            super(message);
            this.changed = changed;
        }
    }

    private final DeployConfig config;
    private final Clock clock;
    private final History history;
    private final Engine engine;
    private final Peers peers;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "deploy");
        t.setDaemon(true);
        return t;
    });
    private Deploy current;

    Deployer(DeployConfig config, Clock clock) {
        if (config.watchMaxErrorPercent() < 0 || config.watchMaxErrorPercent() > 100) {
            throw new IllegalArgumentException("DEPLOY_WATCH_MAX_ERROR_PERCENT must be from 0 to 100, not " + config.watchMaxErrorPercent());
        }
        this.config = config;
        this.clock = clock;
        this.history = new History(config.dataDir());
        this.engine = new Engine(config.dockerHost());
        this.peers = new Peers(config);
    }

    void start(@Observes StartupEvent e) {
        int n = history.interruptRunning(clock.instant());
        if (n > 0) {
            LOG.warnf("%d deploy(s) were running when the hook stopped; marked failed", n);
        }
    }

    void stop(@Observes ShutdownEvent e) {
        runner.shutdownNow();
    }

    public History history() {
        return history;
    }

    /** Checks the request and starts the deploy; answers it (state running). */
    public synchronized Deploy submit(String kind, String service, String image, String expectedImageId, String commit, String actor,
            boolean skipBackup) throws Busy {
        if ("deploy-hook".equals(service)) {
            throw new IllegalArgumentException("the deploy-hook cannot replace itself while it runs: infra/scripts/deploy.sh deploys it"
                    + " from the host (bakeshop set-image deploy-hook IMAGE, then bakeshop up deploy-hook)");
        }
        if (service == null || !SERVICES.contains(service)) {
            throw new IllegalArgumentException("service must be one of " + SERVICES.stream().sorted().collect(Collectors.joining(", ")));
        }
        if (image == null || !IMAGE.matcher(image).matches()) {
            throw new IllegalArgumentException("image must be a reference like ghcr.io/owner/bakeshop-" + service
                    + "@sha256:<64 hex> or ghcr.io/owner/bakeshop-" + service + ":<tag>");
        }
        if (commit == null || !COMMIT.matcher(commit).matches()) {
            throw new IllegalArgumentException("commit must be 1 to 64 letters, digits, or . _ # -");
        }
        if (actor == null || !ACTOR.matcher(actor).matches()) {
            throw new IllegalArgumentException("actor must be 1 to 64 letters, digits, spaces or . _ @ -");
        }
        if (current != null && History.RUNNING.equals(history.find(current.id()).map(Deploy::state).orElse(""))) {
            throw new Busy("busy: " + current.kind() + " #" + current.id() + " of " + current.service() + " (" + current.image() + ", by "
                    + current.actor() + ") is running since " + current.startedAt() + "; try again when it has finished");
        }
        long id = history.start(kind, service, image, commit, actor, clock.instant());
        current = history.find(id).orElseThrow();
        runner.submit(() -> run(current, expectedImageId, skipBackup));
        return current;
    }

    /** Goes back to the image the service ran before its last successful deploy of another image. */
    public Deploy rollback(String service, String actor) throws Busy {
        Deploy last = history.lastImageChange(service)
                .orElseThrow(() -> new IllegalArgumentException("there is no successful deploy of a new image of " + service + " to roll back from"));
        return submit("rollback", service, last.previousImage(), last.previousImageId(), "back-from-" + last.id(), actor, true);
    }

    private void run(Deploy d, String expectedImageId, boolean skipBackup) {
        Instant started = clock.instant();
        Step step = new Step(d.id());
        Long maintenance = null;
        String state = History.FAILED;
        String message;
        long pullSeconds = 0;
        Long liveSeconds = null;
        try {
            step.log(d.kind() + " #" + d.id() + " of " + d.service() + ": " + d.image() + " (commit " + d.commit() + ", by " + d.actor() + ")");
            Compose compose = compose();
            List<Engine.State> before = running(compose, d.service());
            Engine.State previous = before.get(before.size() - 1);
            step.log("now running: " + previous.image() + " (" + shortId(previous.imageId()) + ") in " + names(before));
            try {
                maintenance = peers.openMaintenance((int) Math.max(1, config.maintenanceWindow().toMinutes()), d.kind() + " of " + d.service()
                        + " (" + d.commit() + ")");
                step.log("maintenance window " + maintenance + " opened on the monitor: no alerts while this runs");
            } catch (IOException e) {
                step.log("WARNING: no maintenance window (" + e.getMessage() + "); the monitor may alert during the switch");
            }
            if (skipBackup) {
                step.log("pre-deploy backup: skipped (" + ("rollback".equals(d.kind()) ? "a rollback" : "asked for") + ")");
            } else {
                step.log("pre-deploy backup: taking one (snapshots, upload, check) ...");
                long t = System.nanoTime();
                try {
                    step.log("pre-deploy backup " + peers.backup("before-deploy") + " verified in " + seconds(t) + " s");
                } catch (IOException e) {
                    throw new Failed("the pre-deploy backup failed: " + e.getMessage() + ". Nothing was changed; fix the backup"
                            + " (bakeshop backup) or deploy with --skip-backup", false);
                }
            }
            long free = engine.freeDiskMb(compose.helperImage());
            if (free < config.minFreeDiskMb()) {
                throw new Failed("only " + free + " MB free for Docker's images, " + config.minFreeDiskMb() + " MB needed"
                        + " (DEPLOY_MIN_FREE_DISK_MB). Nothing was changed; free space first (infra/scripts/bakeshop cleanup)", false);
            }
            step.log("disk: " + free + " MB free");
            long t = System.nanoTime();
            Optional<String> local = engine.imageId(d.image());
            String imageId;
            if (expectedImageId != null && local.isPresent() && !local.get().equals(expectedImageId) && !d.image().contains("@")) {
                engine.tag(expectedImageId, d.image());
                step.log(d.image() + " pointed back at " + shortId(expectedImageId) + " (the image it named then)");
                imageId = expectedImageId;
            } else if (local.isPresent()) {
                imageId = local.get();
                step.log("image " + shortId(imageId) + " is on this host already");
            } else {
                step.log("pulling " + d.image() + " ...");
                try {
                    imageId = engine.pull(d.image(), Duration.ofMinutes(15));
                } catch (RuntimeException e) {
                    throw new Failed("the pull of " + d.image() + " failed: " + e.getMessage() + ". Nothing was changed", false);
                }
                pullSeconds = seconds(t);
                step.log("pulled " + shortId(imageId) + " in " + pullSeconds + " s");
            }
            history.images(d.id(), imageId, previous.image(), previous.imageId());
            try {
                switchTo(compose, d.service(), d.image(), before, step, started);
            } catch (Failed e) {
                step.log("FAILED: " + e.getMessage());
                restore(compose, d.service(), previous, step);
                throw new Failed(e.getMessage() + "; rolled back to " + previous.image(), true);
            }
            liveSeconds = Math.max(0, Duration.between(started, clock.instant()).toSeconds() - pullSeconds);
            step.log("live: " + d.service() + " runs " + d.image() + " (" + liveSeconds + " s from request to live, pull excluded)");
            Optional<String> trouble = watch(compose, d.service(), step);
            if (trouble.isPresent()) {
                step.log("FAILED after the switch: " + trouble.get());
                List<Engine.State> now = running(compose, d.service());
                setImage(compose, d.service(), previous.image(), step);
                switchBack(compose, d.service(), previous, now, step);
                state = History.ROLLED_BACK;
                message = trouble.get() + "; rolled back to " + previous.image();
            } else {
                List<String> pruned = engine.prune(repository(d.image()), config.keepImages());
                if (!pruned.isEmpty()) {
                    step.log("removed old images: " + String.join(", ", pruned));
                }
                state = History.SUCCEEDED;
                message = d.service() + " runs " + d.image();
            }
        } catch (Failed e) {
            state = e.changed ? History.ROLLED_BACK : History.FAILED;
            message = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            message = "interrupted (the hook is stopping)";
        } catch (RuntimeException e) {
            LOG.error("deploy " + d.id() + " failed", e);
            message = "unexpected error: " + e;
        }
        if (maintenance != null) {
            try {
                peers.endMaintenance(maintenance);
            } catch (IOException | InterruptedException e) {
                step.log("WARNING: the maintenance window " + maintenance + " could not be ended (" + e.getMessage() + "); it ends by itself");
            }
        }
        step.log("RESULT: " + state + ": " + message);
        history.finish(d.id(), state, message, clock.instant(), liveSeconds);
        tell(d, state, message);
    }

    /** The new version beside (storefront) or in place of the old one; ready by its own healthcheck. */
    private void switchTo(Compose compose, String service, String image, List<Engine.State> before, Step step, Instant started)
            throws Failed, InterruptedException {
        setImage(compose, service, image, step);
        if (SIDE_BY_SIDE.containsKey(service)) {
            Set<String> old = before.stream().map(Engine.State::id).collect(Collectors.toSet());
            compose.run(step, "compose", "up", "-d", "--no-deps", "--no-recreate", "--scale", service + "=" + (old.size() + 1), service);
            List<Engine.State> fresh = engine.containers(compose.project(), service).stream().filter(s -> !old.contains(s.id())).toList();
            if (fresh.isEmpty()) {
                throw new Failed("docker-compose started no new " + service + " container", true);
            }
            Engine.State next = fresh.get(fresh.size() - 1);
            step.log("started " + next.name() + " beside " + names(before) + "; waiting until it is ready");
            Optional<String> notReady = awaitReady(next.id(), step);
            if (notReady.isPresent()) {
                step.log("logs of " + next.name() + ":\n" + compose.logs(next.id()));
                retire(compose, service, next, Duration.ofSeconds(5), step);
                throw new Failed(notReady.get() + "; the old version served throughout", true);
            }
            step.log(next.name() + " is ready after " + Duration.between(started, clock.instant()).toSeconds() + " s; the edge sends"
                    + " visitors to both; stopping the old one (up to " + config.stopGrace().toSeconds() + " s for its requests)");
            for (Engine.State s : before) {
                retire(compose, service, s, config.stopGrace(), step);
            }
        } else {
            compose.run(step, "compose", "up", "-d", "--no-deps", service, companion(service));
            for (Engine.State s : running(compose, service)) {
                Optional<String> notReady = awaitReady(s.id(), step);
                if (notReady.isPresent()) {
                    step.log("logs of " + s.name() + ":\n" + compose.logs(s.id()));
                    throw new Failed(notReady.get(), true);
                }
            }
        }
    }

    /**
     * Stops one of a side-by-side service's containers without failing a request: first out of
     * rotation (new connections refused, so the edge's dialer goes to the other container; those
     * it has go on), a moment for the ones it accepted just before, then stopped with the grace.
     */
    private void retire(Compose compose, String service, Engine.State s, Duration grace, Step step) throws InterruptedException {
        Engine.Run refused = engine.refuseNewConnections(compose.helperImage(), s.id(), SIDE_BY_SIDE.get(service));
        if (refused.exitCode() == 0) {
            step.log(s.name() + " is out of rotation: it refuses new connections and finishes those it has");
            Thread.sleep(OUT_OF_ROTATION.toMillis());
        } else {
            step.log("WARNING: could not take " + s.name() + " out of rotation (" + refused.output().trim()
                    + "); stopping it all the same");
        }
        engine.stopAndRemove(s.id(), grace);
        step.log("stopped and removed " + s.name());
    }

    /** After a failed switch: the previous image back in the settings, the service as it was. */
    private void restore(Compose compose, String service, Engine.State previous, Step step) throws InterruptedException {
        try {
            setImage(compose, service, previous.image(), step);
            List<Engine.State> now = engine.containers(compose.project(), service);
            if (SIDE_BY_SIDE.containsKey(service) && now.stream().anyMatch(s -> s.id().equals(previous.id()) && s.running())) {
                step.log("the old " + service + " never stopped: nothing more to undo");
                return;
            }
            switchBack(compose, service, previous, now, step);
        } catch (Failed e) {
            step.log("ROLLBACK FAILED: " + e.getMessage() + " — check by hand: bakeshop status; bakeshop compose ps");
        }
    }

    private void switchBack(Compose compose, String service, Engine.State previous, List<Engine.State> now, Step step)
            throws Failed, InterruptedException {
        if (engine.imageId(previous.image()).filter(id -> id.equals(previous.imageId())).isEmpty() && !previous.image().contains("@")) {
            engine.tag(previous.imageId(), previous.image());
        }
        step.log("rolling back to " + previous.image() + " (" + shortId(previous.imageId()) + ")");
        switchTo(compose, service, previous.image(), now, step, clock.instant());
        step.log("rolled back: " + service + " runs " + previous.image() + " again");
    }

    /** Healthy within the deadline its healthcheck allows; fails early when it exits, restarts or turns unhealthy. */
    private Optional<String> awaitReady(String id, Step step) throws InterruptedException {
        Duration deadline = engine.readyDeadline(id);
        Instant until = clock.instant().plus(deadline);
        int restarts = engine.state(id).map(Engine.State::restarts).orElse(0);
        while (clock.instant().isBefore(until)) {
            Optional<Engine.State> s = engine.state(id);
            if (s.isEmpty() || !s.get().running()) {
                return Optional.of("the new container stopped before it was ready");
            }
            if (s.get().restarts() > restarts) {
                return Optional.of("the new container restarted before it was ready");
            }
            if ("unhealthy".equals(s.get().health())) {
                return Optional.of("the new container's healthcheck failed");
            }
            if ("healthy".equals(s.get().health()) || s.get().health() == null) {
                return Optional.empty();
            }
            Thread.sleep(500);
        }
        return Optional.of("the new container was not ready within " + deadline.toSeconds() + " s (its healthcheck's time)");
    }

    /**
     * Watches the new version for deploy.watch: running, healthy, not restarting, and (the
     * storefront) not answering its customers with server errors, read from its own metrics.
     */
    private Optional<String> watch(Compose compose, String service, Step step) throws Failed, InterruptedException {
        List<Engine.State> start = running(compose, service);
        Map<String, Integer> restarts = start.stream().collect(Collectors.toMap(Engine.State::id, Engine.State::restarts));
        boolean errorsToo = METRICS.containsKey(service);
        step.log("watching " + names(start) + " for " + config.watch().toSeconds() + " s" + (errorsToo
                ? " (health, restarts, and server errors: at most " + config.watchMaxErrorPercent() + " % of its GETs or of its POSTs)"
                : " (health, restarts)"));
        Instant until = clock.instant().plus(config.watch());
        Optional<ServerErrors> errors = Optional.empty();
        boolean metricsWarned = false;
        for (int tick = 1; clock.instant().isBefore(until); tick++) {
            Thread.sleep(1000);
            for (String id : restarts.keySet()) {
                Optional<Engine.State> s = engine.state(id);
                if (s.isEmpty() || !s.get().running()) {
                    return Optional.of(service + " stopped during the watch");
                }
                if (s.get().restarts() > restarts.get(id)) {
                    return Optional.of(service + " restarted during the watch");
                }
                if ("unhealthy".equals(s.get().health())) {
                    return Optional.of(service + " turned unhealthy during the watch");
                }
            }
            if (errorsToo && (tick % 3 == 0 || !clock.instant().isBefore(until))) {
                try {
                    errors = Optional.of(serverErrors(service, restarts.keySet()));
                    Optional<String> tooMany = errors.get().tooMany(config.watchMaxErrorPercent());
                    if (tooMany.isPresent()) {
                        return Optional.of(service + " answered " + tooMany.get() + " with a server error (5xx) since it started");
                    }
                } catch (IOException | RuntimeException e) {
                    if (!metricsWarned) {
                        String why = e.getMessage() != null ? e.getMessage() : e.toString();
                        step.log("WARNING: its server errors cannot be counted (" + why + "); the watch goes on with health and restarts");
                        metricsWarned = true;
                    }
                }
            }
        }
        step.log("healthy throughout the watch" + errors.map(e -> "; server errors: " + e.describe()).orElse(""));
        return Optional.empty();
    }

    /** The new containers' requests and server errors since they started, summed. */
    private ServerErrors serverErrors(String service, Iterable<String> ids) throws IOException, InterruptedException {
        ServerErrors sum = new ServerErrors(Map.of());
        for (String id : ids) {
            String address = engine.addressFromHere(id).orElseThrow(() -> new IOException("no network shared with " + service));
            String url = "http://" + address + METRICS.get(service);
            sum = sum.plus(ServerErrors.parse(peers.metrics(url)).orElseThrow(() -> new IOException(url + " is not a metrics page")));
        }
        return sum;
    }

    private List<Engine.State> running(Compose compose, String service) throws Failed {
        List<Engine.State> list = engine.containers(compose.project(), service).stream().filter(Engine.State::running).toList();
        if (list.isEmpty()) {
            throw new Failed(service + " is not running in project " + compose.project() + ": start the stack first (bakeshop up)", false);
        }
        return list;
    }

    private void setImage(Compose compose, String service, String image, Step step) throws Failed, InterruptedException {
        compose.run(step, "set-image", service, image);
    }

    private void tell(Deploy d, String state, String message) {
        String subject = switch (state) {
            case History.SUCCEEDED -> "Deployed " + d.service() + " (" + d.commit() + ")";
            case History.ROLLED_BACK -> "Deploy of " + d.service() + " rolled back (" + d.commit() + ")";
            default -> "Deploy of " + d.service() + " failed (" + d.commit() + ")";
        };
        List<String> tail = new ArrayList<>();
        try {
            tail = history.log(d.id(), 0, 0).lines();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String text = d.kind() + " #" + d.id() + " of " + d.service() + " by " + d.actor() + ": " + message + "\n\nLast lines of its log:\n"
                + String.join("\n", tail.subList(Math.max(0, tail.size() - 30), tail.size()))
                + "\n\nThe whole log: infra/scripts/deploy.sh --log " + d.id();
        if (!peers.tellDeveloper("deploy-" + d.id(), subject, text)) {
            LOG.warnf("The notifier did not take the deploy report \"%s\"; it is in the history (GET /api/deploys/%d)", subject, d.id());
        }
    }

    /** The host's docker-compose, as this project was started (from the hook's own compose labels). */
    private Compose compose() throws Failed {
        InspectContainerResponse self = engine.self();
        Map<String, String> labels = self.getConfig().getLabels();
        String project = labels.get(Engine.PROJECT);
        String dir = labels.get(Engine.WORKING_DIR);
        String files = labels.get(Engine.CONFIG_FILES);
        if (project == null || dir == null || files == null) {
            throw new Failed("the deploy-hook was not started by docker-compose (its container has no compose labels)", false);
        }
        List<String> paths = new ArrayList<>();
        for (String f : files.split(",")) {
            paths.add(Path.of(dir).resolve(f.strip()).normalize().toString());
        }
        if (!paths.get(0).endsWith("infra/compose.yaml")) {
            throw new Failed("the project's first compose file is " + paths.get(0) + ", not the repository's infra/compose.yaml", false);
        }
        String env = Optional.ofNullable(labels.get(Engine.ENV_FILE)).map(e -> Path.of(dir).resolve(e).normalize().toString()).orElse(null);
        String root = Path.of(paths.get(0)).getParent().getParent().toString();
        StringBuilder prefix = new StringBuilder("cd ").append(Shell.quote(dir)).append(" && ")
                .append(Shell.quote(root + "/infra/scripts/bakeshop")).append(" --project ").append(Shell.quote(project));
        if (env != null) {
            prefix.append(" --env-file ").append(Shell.quote(env));
        }
        for (String f : paths.subList(1, paths.size())) {
            prefix.append(" --compose-file ").append(Shell.quote(f));
        }
        return new Compose(project, self.getImageId(), prefix.toString());
    }

    /** A bakeshop command on the host, its output in the deploy's log. */
    private final class Compose {
        private final String project;
        private final String helperImage;
        private final String prefix;

        Compose(String project, String helperImage, String prefix) {
            this.project = project;
            this.helperImage = helperImage;
            this.prefix = prefix;
        }

        String project() {
            return project;
        }

        String helperImage() {
            return helperImage;
        }

        void run(Step step, String... args) throws Failed, InterruptedException {
            StringBuilder cmd = new StringBuilder(prefix);
            for (String a : args) {
                if (!a.isEmpty()) {
                    cmd.append(' ').append(Shell.quote(a));
                }
            }
            step.log("$ bakeshop " + String.join(" ", args).strip());
            Engine.Run r = engine.onHost(helperImage, cmd + " 2>&1", Duration.ofMinutes(10), line -> step.log("  " + line));
            if (r.exitCode() != 0) {
                throw new Failed("bakeshop " + args[0] + " " + (args.length > 1 ? args[1] : "") + " failed (exit " + r.exitCode() + ")", true);
            }
        }

        String logs(String containerId) throws InterruptedException {
            Engine.Run r = engine.onHost(helperImage, "docker logs --tail 15 " + Shell.quote(containerId) + " 2>&1", Duration.ofMinutes(1), s -> {
            });
            return r.output().strip();
        }
    }

    /** The deploy's log: history (streamed to deploy.sh) and the hook's own log. */
    private final class Step {
        private final long id;

        Step(long id) {
            this.id = id;
        }

        void log(String line) {
            LOG.infof("deploy #%d: %s", id, line);
            for (String l : line.split("\n")) {
                history.log(id, l);
            }
        }
    }

    private static String companion(String service) {
        return "edge".equals(service) ? "docker-ro" : ""; // the read-only Docker window runs the edge's image
    }

    static String repository(String image) {
        int at = image.indexOf('@');
        if (at > 0) {
            return image.substring(0, at);
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    private static String names(List<Engine.State> list) {
        return list.stream().map(Engine.State::name).collect(Collectors.joining(", "));
    }

    private static String shortId(String imageId) {
        return imageId == null ? "?" : imageId.replace("sha256:", "").substring(0, Math.min(12, imageId.replace("sha256:", "").length()));
    }

    private static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }
}
