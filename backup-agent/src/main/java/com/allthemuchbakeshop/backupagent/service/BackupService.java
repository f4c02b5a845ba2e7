package com.allthemuchbakeshop.backupagent.service;

import com.allthemuchbakeshop.backupagent.Manifest;
import com.allthemuchbakeshop.backupagent.client.NotifierClient;
import com.allthemuchbakeshop.backupagent.client.ReleaseReader;
import com.allthemuchbakeshop.backupagent.client.SnapshotClient;
import com.allthemuchbakeshop.backupagent.config.BackupConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Takes, uploads, verifies, lists, prunes and prepares the restore of backups. One job at a time:
 * a second caller waits (up to backup.wait-for-running) or is told the agent is busy. Every backup is
 * first complete on the agent's own volume (data/backups/ID), so a remote that is down loses
 * nothing: the next run uploads what is still waiting. A backup counts as good only once verified.
 */
@ApplicationScoped
public class BackupService {

    private static final Logger LOG = Logger.getLogger(BackupService.class);

    public static final String VERIFIED = "verified";
    public static final String NOT_UPLOADED = "not-uploaded";
    public static final String FAILED = "failed";

    /**
     * What the agent knows about one backup. status, remote and verifiedAt are about the main
     * remote (BACKUP_REMOTE); copies says, for each further remote, "verified AT" or "failed: WHY".
     */
    public record State(String id, String reason, String startedAt, String finishedAt, String status, String error,
            long archiveBytes, int photos, long photoBytes, long uploadedBytes, String verifiedAt, boolean local,
            boolean remote, Map<String, Long> stepMillis, Map<String, String> copies) {

        public State {
            copies = copies == null ? Map.of() : Map.copyOf(copies);
        }

        State with(String newStatus, String newError, long uploaded, String verified) {
            return new State(id, reason, startedAt, finishedAt, newStatus, newError, archiveBytes, photos, photoBytes,
                    uploadedBytes + uploaded, verified, local, remote || VERIFIED.equals(newStatus), stepMillis, copies);
        }

        State withCopy(String remoteRoot, String result) {
            Map<String, String> c = new TreeMap<>(copies);
            c.put(remoteRoot, result);
            return new State(id, reason, startedAt, finishedAt, status, error, archiveBytes, photos, photoBytes, uploadedBytes,
                    verifiedAt, local, remote, stepMillis, c);
        }

        State where(boolean isLocal, boolean isRemote) {
            return new State(id, reason, startedAt, finishedAt, status, error, archiveBytes, photos, photoBytes, uploadedBytes,
                    verifiedAt, isLocal, isRemote, stepMillis, copies);
        }

        boolean copiedTo(String remoteRoot) {
            return copies.getOrDefault(remoteRoot, "").startsWith(VERIFIED);
        }
    }

    /** Another job holds the agent. */
    public static class Busy extends Exception {
        Busy(String message) {
            super(message);
        }
    }

    /** A restore that cannot go ahead: nothing was changed. */
    public static class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** A restore drill's result. */
    public record Drill(String backup, String at, boolean passed, String result, long millis) {
    }

    /** A backup downloaded, unpacked and verified, ready to be put in place. */
    public record Prepared(String id, String folder, Manifest manifest) {
    }

    private final BackupConfig config;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ReentrantLock one = new ReentrantLock(true);
    private final Remote remote;
    private final List<Remote> extras;
    private final SnapshotClient snapshots;
    private final ReleaseReader release;
    private final NotifierClient notifier;
    private final RetentionPolicy retention;

    BackupService(BackupConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        Rclone rclone = new Rclone(config.rclone(), config.rcloneConfig(), config.maxDuration(), config.bandwidthLimit());
        this.remote = new Remote(rclone, config.remote());
        this.extras = config.extraRemotes().orElse(List.of()).stream().map(String::strip).filter(r -> !r.isEmpty())
                .map(r -> new Remote(rclone, r)).filter(r -> !r.root().equals(remote.root())).toList();
        this.snapshots = new SnapshotClient(config.internalApiToken());
        this.release = new ReleaseReader(config.projectDir(), config.dockerUrl());
        this.notifier = new NotifierClient(config.notifierUrl(), config.internalApiToken());
        this.retention = new RetentionPolicy(Duration.ofDays(config.keepDays()), config.keepAtLeast());
    }

    private Path backupsDir() {
        return config.dataDir().resolve("backups");
    }

    private Path stateDir() {
        return config.dataDir().resolve("state");
    }

    private Path workDir() {
        return config.dataDir().resolve("work");
    }

    private void lock(String what) throws Busy {
        try {
            if (!one.tryLock(config.waitForRunning().toSeconds(), TimeUnit.SECONDS)) {
                throw new Busy("another backup or restore is still running after " + config.waitForRunning().toMinutes()
                        + " minutes of waiting; " + what + " was not started. Try again later (GET /api/backups shows it)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy("interrupted while waiting for another backup");
        }
    }

    /** Takes a backup now and returns its state once it is verified, or failed. */
    public State backup(String reason) throws Busy {
        if (!BackupIds.REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("reason must be 1 to 30 lower-case letters, digits or dashes, e.g. nightly");
        }
        lock("the " + reason + " backup");
        try {
            return takeAndUpload(reason);
        } finally {
            one.unlock();
        }
    }

    private State takeAndUpload(String reason) {
        Instant start = clock.instant();
        String id = BackupIds.of(start, reason);
        while (Files.exists(stateDir().resolve(id + ".json"))) {
            start = start.plusSeconds(1);
            id = BackupIds.of(start, reason);
        }
        LOG.infof("Backup %s: started", id);
        Map<String, Long> steps = new LinkedHashMap<>();
        Path work = workDir().resolve(id);
        State state;
        Manifest manifest;
        try {
            deleteTree(work);
            manifest = take(id, reason, start, work, steps);
            Path local = backupsDir().resolve(id);
            Files.createDirectories(backupsDir());
            Files.move(work.resolve("backup"), local, StandardCopyOption.ATOMIC_MOVE);
            state = new State(id, reason, start.toString(), manifest.finishedAt(), NOT_UPLOADED, null,
                    manifest.archive().bytes(), manifest.photos().size(), manifest.photoBytes(), 0, null, true, false, steps, Map.of());
            save(state);
            LOG.infof("Backup %s: taken (%s archive, %d photos, %s); uploading to %s", id, Rclone.size(manifest.archive().bytes()),
                    manifest.photos().size(), Rclone.size(manifest.photoBytes()), remote.root());
        } catch (IOException | RuntimeException e) {
            String why = message(e);
            LOG.errorf("Backup %s failed before anything was uploaded: %s", id, why);
            state = new State(id, reason, start.toString(), clock.instant().toString(), FAILED, why, 0, 0, 0, 0, null, false,
                    false, steps, Map.of());
            trySave(state);
            report(state);
            deleteQuietly(work);
            return state;
        }
        state = upload(state, manifest, work, steps);
        if (VERIFIED.equals(state.status())) {
            retryWaiting(id, work);
        } else {
            report(state);
        }
        copyToExtras(work);
        if (VERIFIED.equals(state.status())) {
            prune(work);
        }
        String taken = id;
        state = localStates().stream().filter(s -> s.id().equals(taken)).findFirst().orElse(state);
        deleteQuietly(work);
        LOG.infof("Backup %s: %s%s", id, state.status(), state.error() == null ? "" : " (" + state.error() + ")");
        return state;
    }

    /** Snapshots, settings, configuration and release into work/files; archive, manifest and sums into work/backup. */
    private Manifest take(String id, String reason, Instant start, Path work, Map<String, Long> steps) throws IOException {
        Path files = Files.createDirectories(work.resolve("files"));
        Path out = Files.createDirectories(work.resolve("backup"));
        long t = System.nanoTime();
        for (String source : config.snapshotSources()) {
            SnapshotClient.Snapshot s = snapshots.take(source, files.resolve("db"));
            LOG.infof("Backup %s: snapshot of %s from %s, %s", id, s.database(), s.service(), Rclone.size(s.bytes()));
        }
        t = step(steps, "snapshots", t);
        Path project = config.projectDir();
        // The settings in force: `bakeshop up` hands the agent a copy (the Pi's file is mode 600,
        // owned by the Pi's user, so the agent cannot read it in the project directory).
        Optional<Path> env = Stream.of(config.dataDir().resolve("settings/.env.production"), project.resolve(".env.production"))
                .filter(f -> Files.isRegularFile(f) && Files.isReadable(f)).findFirst();
        if (env.isPresent()) {
            copy(env.get(), files.resolve("config/.env.production"));
        } else {
            LOG.warnf("Backup %s: no readable .env.production (run infra/scripts/bakeshop up once); the backup holds no settings file", id);
        }
        Path infra = project.resolve("infra");
        if (Files.isDirectory(infra)) {
            try (Stream<Path> walk = Files.walk(infra)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    copy(f, files.resolve("config/infra").resolve(infra.relativize(f).toString()));
                }
            }
        }
        Manifest.Release running = release.read();
        if (!running.note().isEmpty()) {
            LOG.warnf("Backup %s: release: %s", id, running.note());
        }
        Files.writeString(files.resolve("release.json"), json.writeValueAsString(running));
        t = step(steps, "settings and release", t);
        Path archive = out.resolve("archive.tar.gz");
        List<Manifest.Entry> contents = Archive.write(files, archive);
        Manifest.Entry archived = new Manifest.Entry("archive.tar.gz", Files.size(archive), Hashing.sha256(archive));
        t = step(steps, "archive", t);
        List<Manifest.Entry> photos = new ArrayList<>();
        if (Files.isDirectory(config.photosDir())) {
            try (Stream<Path> list = Files.list(config.photosDir())) {
                for (Path p : list.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")).sorted()
                        .toList()) {
                    photos.add(new Manifest.Entry(p.getFileName().toString(), Files.size(p), Hashing.sha256(p)));
                }
            }
        }
        step(steps, "photo hashes", t);
        Manifest manifest = new Manifest(Manifest.FORMAT, id, reason, start.toString(), clock.instant().toString(), steps,
                running, archived, contents, photos);
        Files.writeString(out.resolve("manifest.json"), json.writeValueAsString(manifest));
        StringBuilder sums = new StringBuilder();
        sums.append(archived.sha256()).append("  ").append(archived.path()).append('\n');
        contents.forEach(e -> sums.append(e.sha256()).append("  ").append(e.path()).append('\n'));
        photos.forEach(e -> sums.append(e.sha256()).append("  photos/").append(e.path()).append('\n'));
        Files.writeString(out.resolve("SHA256SUMS"), sums.toString());
        deleteTree(files);
        return manifest;
    }

    /** Canary, new photos, the backup's folder, the check, the VERIFIED mark. */
    private State upload(State state, Manifest manifest, Path work, Map<String, Long> steps) {
        long t = System.nanoTime();
        long uploaded = 0;
        try {
            Files.createDirectories(work);
            remote.checkCanary(work);
            List<String> photos = manifest.photos().stream().map(Manifest.Entry::path).toList();
            uploaded += remote.uploadPhotos(config.photosDir(), photos, work);
            uploaded += remote.uploadBackup(backupsDir().resolve(state.id()), state.id());
            t = step(steps, "upload", t);
            remote.verify(backupsDir().resolve(state.id()), state.id(), config.photosDir(), photos, work);
            String when = clock.instant().toString();
            remote.markVerified(state.id(), when, work);
            step(steps, "verify", t);
            State done = state.with(VERIFIED, null, uploaded, when);
            save(done);
            LOG.infof("Backup %s: uploaded %s and verified on %s", state.id(), Rclone.size(uploaded), remote.root());
            return done;
        } catch (Rclone.Failed | IOException | RuntimeException e) {
            State kept = state.with(NOT_UPLOADED, "kept on the Pi but not on " + remote.root() + ": " + message(e)
                    + ". The next backup uploads it again.", uploaded, null);
            trySave(kept);
            return kept;
        }
    }

    /** Local backups an earlier run could not upload: uploaded and verified now (newest first). */
    private void retryWaiting(String current, Path work) {
        for (State s : localStates()) {
            if (s.id().equals(current) || !NOT_UPLOADED.equals(s.status()) || !Files.isDirectory(backupsDir().resolve(s.id()))) {
                continue;
            }
            try {
                Manifest m = json.readValue(backupsDir().resolve(s.id()).resolve("manifest.json").toFile(), Manifest.class);
                LOG.infof("Backup %s: uploading again (an earlier run could not)", s.id());
                State after = upload(s, m, work, new LinkedHashMap<>(s.stepMillis()));
                LOG.infof("Backup %s: %s", s.id(), after.status());
            } catch (IOException e) {
                LOG.warnf("Backup %s could not be uploaded again: %s", s.id(), e.getMessage());
            }
        }
    }

    /**
     * Every local backup not yet verified on a further remote is copied there (newest first) and
     * verified on its own: canary, photos, backup, check, VERIFIED mark. The first failure on a
     * remote ends its turn for this run, is recorded in the backup's copies and is reported; the
     * next run tries again. The main remote's result is never changed by a further one.
     */
    private void copyToExtras(Path work) {
        for (Remote extra : extras) {
            for (State s : localStates()) {
                if (!s.local() || s.copiedTo(extra.root())) {
                    continue;
                }
                long t = System.nanoTime();
                try {
                    Files.createDirectories(work);
                    Manifest m = json.readValue(backupsDir().resolve(s.id()).resolve("manifest.json").toFile(), Manifest.class);
                    List<String> photos = m.photos().stream().map(Manifest.Entry::path).toList();
                    extra.checkCanary(work);
                    long uploaded = extra.uploadPhotos(config.photosDir(), photos, work)
                            + extra.uploadBackup(backupsDir().resolve(s.id()), s.id());
                    extra.verify(backupsDir().resolve(s.id()), s.id(), config.photosDir(), photos, work);
                    String when = clock.instant().toString();
                    extra.markVerified(s.id(), when, work);
                    trySave(s.withCopy(extra.root(), VERIFIED + " " + when));
                    LOG.infof("Backup %s: copied to %s (%s uploaded) and verified there in %d s", s.id(), extra.root(),
                            Rclone.size(uploaded), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t));
                } catch (Rclone.Failed | IOException | RuntimeException e) {
                    String why = message(e);
                    trySave(s.withCopy(extra.root(), "failed: " + why));
                    LOG.errorf("Backup %s: not copied to %s: %s", s.id(), extra.root(), why);
                    try {
                        notifier.report(("copy-" + s.id() + "-" + extra.root()).replaceAll("[^A-Za-z0-9._:-]", "-"), "Backup copy not uploaded: " + s.id() + " to "
                                + extra.root(), "The backup " + s.id() + " could not be copied to the further remote "
                                + extra.root() + " (BACKUP_EXTRA_REMOTES). Its copy on " + remote.root() + " is not affected.\n\n"
                                + "What went wrong: " + why + "\n\nThe next backup tries again. What to check: docs/backups.md, "
                                + "\"When a backup fails\".");
                    } catch (IOException r) {
                        LOG.errorf("Could not tell the developer that %s was not copied: %s", s.id(), r.getMessage());
                    }
                    break;
                }
            }
        }
    }

    /** Retention, locally and on every remote, then each remote's photos no backup kept there needs. */
    void prune(Path work) {
        Instant now = clock.instant();
        List<State> states = localStates();
        boolean newestFailed = !states.isEmpty() && !VERIFIED.equals(states.get(0).status());
        for (Remote r : remotes()) {
            pruneRemote(r, newestFailed, now, work);
        }
        try {
            List<RetentionPolicy.Candidate> localCandidates = states.stream()
                    .map(s -> new RetentionPolicy.Candidate(s.id(), BackupIds.takenAt(s.id()).orElseThrow(), VERIFIED.equals(s.status())))
                    .toList();
            for (String id : retention.toDelete(localCandidates, newestFailed, now)) {
                deleteTree(backupsDir().resolve(id));
                Files.deleteIfExists(stateDir().resolve(id + ".json"));
                LOG.infof("Retention: deleted %s from the Pi", id);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Retention on the Pi did not finish (nothing it had not yet decided was deleted): %s", message(e));
        }
    }

    private void pruneRemote(Remote r, boolean newestFailed, Instant now, Path work) {
        try {
            Map<String, Remote.Listed> remoteList = r.list();
            List<RetentionPolicy.Candidate> remoteCandidates = remoteList.values().stream()
                    .map(l -> new RetentionPolicy.Candidate(l.id(), BackupIds.takenAt(l.id()).orElseThrow(), l.verified())).toList();
            Set<String> goRemote = retention.toDelete(remoteCandidates, newestFailed, now);
            for (String id : goRemote) {
                r.deleteBackup(id);
                LOG.infof("Retention: deleted %s from %s", id, r.root());
            }
            if (newestFailed) {
                return;
            }
            Set<String> needed = new HashSet<>();
            for (String id : remoteList.keySet()) {
                if (goRemote.contains(id)) {
                    continue;
                }
                Path localManifest = backupsDir().resolve(id).resolve("manifest.json");
                String text = Files.isRegularFile(localManifest) ? Files.readString(localManifest) : r.readManifest(id);
                json.readValue(text, Manifest.class).photos().forEach(p -> needed.add(p.path()));
            }
            Set<String> unused = new HashSet<>(r.listPhotos());
            unused.removeAll(needed);
            r.deletePhotos(unused, work);
            if (!unused.isEmpty()) {
                LOG.infof("Retention: deleted %d photos no kept backup needs from %s", unused.size(), r.root());
            }
        } catch (Rclone.Failed | IOException | RuntimeException e) {
            LOG.warnf("Retention on %s did not finish (nothing it had not yet decided was deleted): %s", r.root(), message(e));
        }
    }

    /** The main remote, then the further ones. */
    private List<Remote> remotes() {
        List<Remote> all = new ArrayList<>(List.of(remote));
        all.addAll(extras);
        return all;
    }

    /** The remote a restore comes from: the main one, or a further one named as in the settings. */
    private Remote remoteNamed(String name) throws Refused {
        if (name == null || name.isBlank()) {
            return remote;
        }
        String wanted = Remote.rootOf(name.strip());
        return remotes().stream().filter(r -> r.root().equals(wanted)).findFirst()
                .orElseThrow(() -> new Refused("'" + name + "' is not one of the remotes in the settings (BACKUP_REMOTE "
                        + remote.root() + (extras.isEmpty() ? "" : ", BACKUP_EXTRA_REMOTES " + String.join(",",
                                extras.stream().map(Remote::root).toList())) + ")"));
    }

    /** The newest backup verified on the named remote (the main one when none is named). */
    public String newestVerifiedOn(String remoteName) throws Refused {
        Remote from = remoteNamed(remoteName);
        try {
            return from.list().values().stream().filter(Remote.Listed::verified).map(Remote.Listed::id)
                    .max(Comparator.comparing(id -> BackupIds.takenAt(id).orElseThrow()))
                    .orElseThrow(() -> new Refused("there is no verified backup on " + from.root()));
        } catch (Rclone.Failed e) {
            throw new Refused("the backups on " + from.root() + " cannot be listed: " + message(e));
        }
    }

    /**
     * Downloads (or takes from the Pi's own copy) the backup, checks every hash, unpacks it and
     * fetches its photos into data/restore/ID, for infra/scripts/restore.sh to put in place.
     * Anything wrong refuses the restore and leaves nothing behind.
     */
    public Prepared prepareRestore(String id) throws Busy, Refused {
        return prepareRestore(id, null);
    }

    /** The same from a named remote (the main one when null): a further remote when the main one is lost. */
    public Prepared prepareRestore(String id, String remoteName) throws Busy, Refused {
        if (!BackupIds.ID.matcher(id).matches()) {
            throw new Refused("'" + id + "' is not a backup name (bakeshop-YYYYMMDDTHHMMSSZ-reason); list them with restore.sh");
        }
        Remote from = remoteNamed(remoteName);
        lock("the restore of " + id);
        try {
            return prepare(id, config.dataDir().resolve("restore"), true, from);
        } finally {
            one.unlock();
        }
    }

    /**
     * Downloads (or, with useLocal, takes the Pi's own copy of) the backup, unpacks and checks it
     * into parent/ID (parent emptied first); anything wrong leaves nothing.
     */
    private Prepared prepare(String id, Path parent, boolean useLocal, Remote from) throws Refused {
        Path target = parent.resolve(id);
        Path work = workDir().resolve("prepare-" + id);
        try {
            deleteTree(parent);
            deleteTree(work);
            Files.createDirectories(target);
            Files.createDirectories(work);
            Path local = backupsDir().resolve(id);
            Path source;
            if (useLocal && Files.isRegularFile(local.resolve("archive.tar.gz")) && Files.isRegularFile(local.resolve("SHA256SUMS"))) {
                source = local;
                LOG.infof("Restore %s: using the copy on the Pi", id);
            } else {
                from.checkCanary(work);
                if (!from.list().containsKey(id)) {
                    throw new Refused("there is no backup " + id + " on " + from.root());
                }
                source = work.resolve("download");
                LOG.infof("Restore %s: downloading from %s", id, from.root());
                from.downloadBackup(id, source);
            }
            Manifest manifest;
            try {
                manifest = json.readValue(source.resolve("manifest.json").toFile(), Manifest.class);
            } catch (IOException e) {
                throw new Refused("the manifest of " + id + " is missing or unreadable: " + e.getMessage());
            }
            Map<String, String> sums = readSums(source.resolve("SHA256SUMS"));
            expect(sums, "archive.tar.gz", source.resolve("archive.tar.gz"));
            Archive.extract(source.resolve("archive.tar.gz"), target);
            List<String> photos = manifest.photos().stream().map(Manifest.Entry::path).toList();
            if (!photos.isEmpty()) {
                if (source == local) {
                    from.checkCanary(work);
                }
                LOG.infof("Restore %s: downloading %d photos (%s)", id, photos.size(), Rclone.size(manifest.photoBytes()));
                from.downloadPhotos(photos, target.resolve("photos"), work);
            }
            int checked = 0;
            for (Map.Entry<String, String> e : sums.entrySet()) {
                if (!e.getKey().equals("archive.tar.gz")) {
                    expect(sums, e.getKey(), target.resolve(e.getKey()));
                    checked++;
                }
            }
            Files.copy(source.resolve("manifest.json"), target.resolve("manifest.json"), StandardCopyOption.REPLACE_EXISTING);
            LOG.infof("Restore %s: ready, %d files and the archive match their SHA-256", id, checked);
            return new Prepared(id, target.toString(), manifest);
        } catch (Refused e) {
            deleteQuietly(target);
            throw e;
        } catch (Rclone.Failed | IOException | RuntimeException e) {
            deleteQuietly(target);
            throw new Refused("the backup " + id + " cannot be restored: " + message(e));
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * The restore drill: the newest verified backup prepared from the remote alone (as on a new
     * Pi) into a scratch folder, every hash checked, each database opened and integrity-checked;
     * the scratch folder removed; the result kept (GET /api/backups/latest) and told the developer.
     */
    public Drill drill() throws Busy {
        lock("the restore drill");
        long start = System.nanoTime();
        String at = clock.instant().toString();
        Drill drill;
        Path scratch = config.dataDir().resolve("drill");
        String id = "";
        try {
            id = list(true).stream().filter(s -> VERIFIED.equals(s.status()) && s.remote()).findFirst().map(State::id)
                    .orElseThrow(() -> new Refused("there is no verified backup on " + remote.root() + " to drill with"));
            Prepared p = prepare(id, scratch, false, remote); // from the remote alone, as on a new Pi
            List<String> checked = new ArrayList<>();
            for (Manifest.Entry f : p.manifest().files()) {
                if (f.path().startsWith("files/db/")) {
                    String result = integrity(Path.of(p.folder()).resolve(f.path()));
                    if (!"ok".equals(result)) {
                        throw new Refused(f.path() + " fails its integrity check: " + result);
                    }
                    checked.add(f.path().substring("files/db/".length()));
                }
            }
            drill = new Drill(id, at, true, "every file matched its SHA-256 and " + checked.size() + " databases passed "
                    + "integrity_check (" + String.join(", ", checked) + "); " + p.manifest().photos().size() + " photos",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (Refused | RuntimeException e) {
            drill = new Drill(id, at, false, message(e), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } finally {
            deleteQuietly(scratch);
            one.unlock();
        }
        try {
            Files.createDirectories(stateDir());
            Files.writeString(stateDir().resolve("drill.last"), json.writeValueAsString(drill));
        } catch (IOException e) {
            LOG.errorf("Could not record the restore drill: %s", e.getMessage());
        }
        LOG.infof("Restore drill of %s: %s: %s", drill.backup(), drill.passed() ? "passed" : "FAILED", drill.result());
        try {
            notifier.report("drill-" + at, (drill.passed() ? "Restore drill passed: " : "Restore drill FAILED: ") + drill.backup(),
                    "The monthly restore drill restored the newest verified backup from the remote into a scratch folder.\n\n"
                            + (drill.passed() ? "Result: " : "What went wrong: ") + drill.result() + "\n\nIt took "
                            + drill.millis() / 1000 + " s. See docs/backups.md, \"The restore drill\".");
        } catch (IOException e) {
            LOG.errorf("Could not report the restore drill: %s", e.getMessage());
        }
        return drill;
    }

    /** The last restore drill, if one ran. */
    public Optional<Drill> lastDrill() {
        Path f = stateDir().resolve("drill.last");
        try {
            return Files.isRegularFile(f) ? Optional.of(json.readValue(f.toFile(), Drill.class)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String integrity(Path db) {
        // The driver itself, not DriverManager: no dependence on how the class loader registers drivers.
        try (java.sql.Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:file:" + db + "?mode=ro", new java.util.Properties());
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                out.append(out.length() == 0 ? "" : "; ").append(rs.getString(1));
            }
            return out.toString();
        } catch (java.sql.SQLException e) {
            return "cannot be opened: " + e.getMessage();
        }
    }

    private static Map<String, String> readSums(Path file) throws Refused, IOException {
        if (!Files.isRegularFile(file)) {
            throw new Refused("the backup has no SHA256SUMS: it is incomplete");
        }
        Map<String, String> sums = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                int gap = line.indexOf("  ");
                if (gap != 64) {
                    throw new Refused("SHA256SUMS has a line that is not a checksum: " + line);
                }
                sums.put(line.substring(66), line.substring(0, 64));
            }
        }
        return sums;
    }

    private static void expect(Map<String, String> sums, String name, Path file) throws Refused, IOException {
        if (!Files.isRegularFile(file)) {
            throw new Refused("the backup is incomplete: " + name + " is missing");
        }
        String actual = Hashing.sha256(file);
        if (!actual.equals(sums.get(name))) {
            throw new Refused(name + " does not match its SHA-256 (damaged or altered): expected " + sums.get(name) + ", found "
                    + actual);
        }
    }

    /** Every backup the agent knows of, newest first: its own records, and those only on the remote. */
    public List<State> list(boolean includeRemote) {
        List<State> states = new ArrayList<>(localStates());
        if (includeRemote) {
            Set<String> known = new HashSet<>();
            states.forEach(s -> known.add(s.id()));
            try {
                for (Remote.Listed l : remote.list().values()) {
                    if (!known.contains(l.id())) {
                        states.add(new State(l.id(), BackupIds.reason(l.id()), BackupIds.takenAt(l.id()).orElseThrow().toString(),
                                null, l.verified() ? VERIFIED : "unverified", null, 0, 0, 0, 0, null, false, true, Map.of(), Map.of()));
                    } else {
                        states.replaceAll(s -> s.id().equals(l.id()) ? s.where(s.local(), true) : s);
                    }
                }
            } catch (Rclone.Failed e) {
                LOG.warnf("The remote's backups could not be listed: %s", e.getMessage());
            }
        }
        states.sort(Comparator.comparing(State::id, (a, b) -> BackupIds.takenAt(b).orElseThrow()
                .compareTo(BackupIds.takenAt(a).orElseThrow())));
        return states;
    }

    /** The newest backup attempt, and the newest verified one. */
    public Optional<State> latest() {
        return localStates().stream().findFirst();
    }

    public Optional<State> latestVerified() {
        return localStates().stream().filter(s -> VERIFIED.equals(s.status())).findFirst();
    }

    public boolean running() {
        return one.isLocked();
    }

    /** The agent's records, newest first; the local flag says whether its files are still on the Pi. */
    List<State> localStates() {
        if (!Files.isDirectory(stateDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(stateDir())) {
            List<State> out = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    State s = json.readValue(f.toFile(), State.class);
                    if (BackupIds.ID.matcher(s.id()).matches()) {
                        boolean local = Files.isRegularFile(backupsDir().resolve(s.id()).resolve("archive.tar.gz"));
                        out.add(s.where(local, s.remote()));
                    }
                } catch (IOException e) {
                    LOG.warnf("Ignoring the unreadable record %s: %s", f, e.getMessage());
                }
            }
            out.sort(Comparator.comparing((State s) -> BackupIds.takenAt(s.id()).orElseThrow()).reversed());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void save(State state) throws IOException {
        Files.createDirectories(stateDir());
        Path tmp = stateDir().resolve("." + state.id() + ".tmp");
        Files.writeString(tmp, json.writeValueAsString(state));
        Files.move(tmp, stateDir().resolve(state.id() + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void trySave(State state) {
        try {
            save(state);
        } catch (IOException e) {
            LOG.errorf("Could not record the state of %s: %s", state.id(), e.getMessage());
        }
    }

    /** Tells the developer at once; Katie is never told about backups. */
    private void report(State state) {
        String subject = FAILED.equals(state.status()) ? "Backup failed: " + state.id() : "Backup not uploaded: " + state.id();
        String message = (FAILED.equals(state.status())
                ? "The " + state.reason() + " backup could not be taken, so nothing new is backed up.\n\n"
                : "The " + state.reason() + " backup was taken and is kept on the Pi, but it is not off-site yet.\n\n")
                + "What went wrong: " + state.error() + "\n\n"
                + "The next nightly backup tries again. To try now: infra/scripts/backup.sh. "
                + "What to check: docs/backups.md, \"When a backup fails\".";
        try {
            notifier.report("backup-" + state.id() + "-" + state.status(), subject, message);
        } catch (IOException e) {
            LOG.errorf("Could not tell the developer that %s is %s: %s", state.id(), state.status(), e.getMessage());
        }
    }

    private static long step(Map<String, Long> steps, String name, long since) {
        long now = System.nanoTime();
        steps.put(name, TimeUnit.NANOSECONDS.toMillis(now - since));
        return now;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            LOG.warnf("Could not remove %s: %s", dir, e.getMessage());
        }
    }
}
