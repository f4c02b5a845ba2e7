package com.allthemuchbakeshop.backupagent.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.backupagent.config.BackupConfig;
import com.allthemuchbakeshop.testing.ChildProcess;
import com.allthemuchbakeshop.testing.TestPorts;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup-agent's backups with the real rclone binary: against a local directory remote, and
 * against `rclone serve sftp` on loopback with a crypt remote on top (the shape of the Pi's crypt
 * remote over Google Drive, which cannot be reached here). The services' snapshot endpoints and
 * the notifier are small HTTP servers speaking their contracts.
 */
class BackupWithRcloneTest {

    private static final String TOKEN = "test-token-0123456789abcdef0123456789";

    @TempDir
    Path root;

    private Path photos;
    private Path project;
    private Path data;
    private Path rcloneConf;
    private byte[] database;
    private HttpServer services;
    private final List<String> reports = Collections.synchronizedList(new ArrayList<>());
    private boolean snapshotsFail;
    private ChildProcess sftp;
    private int sftpPort;
    private String test;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T09:30:00Z"));

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    record Config(String remote, Path rcloneConfig, String rclone, String bandwidthLimit, Duration maxDuration, int keepDays,
            int keepAtLeast, Path dataDir, Path photosDir, Path projectDir, List<String> snapshotSources, String internalApiToken,
            String notifierUrl, Optional<String> dockerUrl, String schedule, String drillSchedule, Duration waitForRunning,
            Optional<List<String>> extraRemotes) implements BackupConfig {
    }

    @BeforeEach
    void setUp(TestInfo info) throws IOException {
        test = ChildProcess.folder(info);
        photos = Files.createDirectories(root.resolve("photos"));
        project = Files.createDirectories(root.resolve("project"));
        data = Files.createDirectories(root.resolve("agent-data"));
        rcloneConf = root.resolve("rclone.conf");
        Files.writeString(rcloneConf, "");
        Random random = new Random(42);
        for (int i = 0; i < 3; i++) {
            addPhoto(random, 2_000_000);
        }
        Files.writeString(project.resolve(".env.production"), "INTERNAL_API_TOKEN=secret\nOWNER_EMAIL=katie@example.test\n");
        Files.createDirectories(project.resolve("infra"));
        Files.writeString(project.resolve("infra/compose.yaml"), "services: {}\n");
        Files.createDirectories(project.resolve(".git/refs/heads"));
        Files.writeString(project.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(project.resolve(".git/refs/heads/main"), "0123456789abcdef0123456789abcdef01234567\n");
        database = sqliteDatabase(root.resolve("made.db"));
        services = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        services.createContext("/api/snapshot", ex -> {
            if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization")) || snapshotsFail) {
                ex.sendResponseHeaders(snapshotsFail ? 500 : 401, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("X-Snapshot-Database", "storefront.db");
            ex.getResponseHeaders().add("X-Snapshot-Sha256", sha(database));
            ex.sendResponseHeaders(200, database.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(database);
            }
        });
        services.createContext("/api/notifications", ex -> {
            reports.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        services.start();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        services.stop(0);
        stopSftp();
    }

    private String url() {
        return "http://localhost:" + services.getAddress().getPort();
    }

    /** A real SQLite database (the snapshot the storefront would hand over), as bytes. */
    private static byte[] sqliteDatabase(Path file) throws IOException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, reference TEXT, request TEXT)");
            for (int i = 0; i < 200; i++) {
                st.execute("INSERT INTO orders (reference, request) VALUES ('K" + i + "', 'Two dozen rolls, order " + i + "')");
            }
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
        return Files.readAllBytes(file);
    }

    private Path addPhoto(Random random, int bytes) throws IOException {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        Path p = photos.resolve("p-" + sha(b).substring(0, 20) + "-800.jpg");
        Files.write(p, b);
        return p;
    }

    private static String sha(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(Hashing.sha256().digest(bytes));
    }

    private BackupService agent(String remote) {
        return agent(remote, "off", Duration.ofMinutes(5));
    }

    private BackupService agent(String remote, String bwlimit, Duration maxDuration, String... extraRemotes) {
        return new BackupService(new Config(remote, rcloneConf, "rclone", bwlimit, maxDuration, 30, 7, data, photos, project,
                List.of(url()), TOKEN, url(), Optional.empty(), "off", "off", Duration.ofSeconds(5),
                Optional.of(List.of(extraRemotes))), clock);
    }

    private static String rclone(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("rclone"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "rclone " + String.join(" ", args) + ": " + out);
        return out;
    }

    /** rclone serve sftp on a loopback port of its own, serving dir; crypt remote "vault:" on top of "sftp:store". */
    private void startSftp(Path dir, String cryptPassword) throws Exception {
        sftpPort = TestPorts.next();
        writeCryptConfig(cryptPassword);
        serveSftp(dir);
    }

    /** (Again) serves dir over SFTP on sftpPort, once it accepts connections. */
    private void serveSftp(Path dir) throws Exception {
        sftp = ChildProcess.start(test, "rclone-serve-sftp", List.of("rclone", "serve", "sftp", dir.toString(), "--addr",
                "127.0.0.1:" + sftpPort, "--user", "bk", "--pass", "sftp-pass", "--dir-cache-time", "0s", "--config", "/dev/null"),
                Map.of()).awaitListening(sftpPort, Duration.ofSeconds(10));
    }

    private void writeCryptConfig(String cryptPassword) throws Exception {
        Files.writeString(rcloneConf, "[sftp]\ntype = sftp\nhost = 127.0.0.1\nport = " + sftpPort + "\nuser = bk\npass = "
                + rclone("obscure", "sftp-pass") + "\n\n[vault]\ntype = crypt\nremote = sftp:store\npassword = "
                + rclone("obscure", cryptPassword) + "\npassword2 = " + rclone("obscure", cryptPassword + "-salt") + "\n");
    }

    private void stopSftp() throws InterruptedException {
        if (sftp != null) {
            sftp.kill();
            sftp = null;
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aBackupIsUploadedVerifiedAndRestorableFromTheRemoteAlone() throws Exception {
        Path remote = root.resolve("remote");
        BackupService agent = agent(remote.toString());
        BackupService.State state = agent.backup("manual");
        assertEquals(BackupService.VERIFIED, state.status(), String.valueOf(state.error()));
        Path uploaded = remote.resolve("backups").resolve(state.id());
        for (String f : List.of("archive.tar.gz", "manifest.json", "SHA256SUMS", "VERIFIED")) {
            assertTrue(Files.isRegularFile(uploaded.resolve(f)), f + " on the remote");
        }
        assertEquals(3, count(remote.resolve("photos")));
        assertEquals(Remote.CANARY_TEXT, Files.readString(remote.resolve(Remote.CANARY)));
        assertTrue(Files.readString(uploaded.resolve("manifest.json")).contains("0123456789abcdef0123456789abcdef01234567"),
                "the manifest records the commit");

        // The Pi's own copy is gone (a dead SD card): the restore comes from the remote alone.
        BackupService.deleteTree(data);
        BackupService.Prepared prepared = agent(remote.toString()).prepareRestore(state.id());
        Path restored = Path.of(prepared.folder());
        assertEquals(sha(database), Hashing.sha256(restored.resolve("files/db/localhost/storefront.db")));
        assertEquals(Files.readString(project.resolve(".env.production")), Files.readString(restored.resolve("files/config/.env.production")));
        try (Stream<Path> list = Files.list(photos)) {
            for (Path p : list.toList()) {
                assertEquals(Hashing.sha256(p), Hashing.sha256(restored.resolve("photos").resolve(p.getFileName())));
            }
        }
        assertTrue(reports.isEmpty(), "nothing to report: " + reports);
    }

    @Test
    void aSecondBackupWithUnchangedPhotosUploadsUnderOnePercentOfTheFirst() throws Exception {
        BackupService agent = agent(root.resolve("remote").toString());
        BackupService.State first = agent.backup("nightly");
        clock.set(clock.instant().plus(Duration.ofDays(1)));
        BackupService.State second = agent.backup("nightly");
        assertEquals(BackupService.VERIFIED, second.status(), String.valueOf(second.error()));
        assertTrue(first.uploadedBytes() > 6_000_000, "the first uploads the photos: " + first.uploadedBytes());
        assertTrue(second.uploadedBytes() < first.uploadedBytes() / 100,
                "second " + second.uploadedBytes() + " bytes against first " + first.uploadedBytes());
    }

    @Test
    void overSftpWithCryptDamageAndLossOnTheServerAreDetectedAndAWrongPasswordIsRefused() throws Exception {
        Path served = Files.createDirectories(root.resolve("sftp-root"));
        startSftp(served, "the right crypt password");
        BackupService agent = agent("vault:");
        BackupService.State state = agent.backup("manual");
        assertEquals(BackupService.VERIFIED, state.status(), String.valueOf(state.error()));
        assertFalse(rclone("lsf", "-R", "--config", rcloneConf.toString(), "sftp:store").contains("archive.tar.gz"),
                "names are encrypted on the server");

        Rclone rclone = new Rclone("rclone", rcloneConf, Duration.ofMinutes(2), "off");
        Remote remote = new Remote(rclone, "vault:");
        Path local = data.resolve("backups").resolve(state.id());
        List<String> names;
        try (Stream<Path> list = Files.list(photos)) {
            names = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        remote.verify(local, state.id(), photos, names, root);

        // One encrypted file damaged on the server (same size), then one deleted.
        List<Path> stored;
        try (Stream<Path> s = Files.walk(served.resolve("store"))) {
            stored = s.filter(Files::isRegularFile).filter(p -> p.toFile().length() > 500_000).sorted().toList();
        }
        byte[] bytes = Files.readAllBytes(stored.get(0));
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(stored.get(0), bytes);
        Rclone.Failed damaged = assertThrows(Rclone.Failed.class, () -> remote.verify(local, state.id(), photos, names, root));
        assertEquals(1, damaged.exitCode(), damaged.getMessage());
        Files.delete(stored.get(1));
        Rclone.Failed lost = assertThrows(Rclone.Failed.class, () -> remote.verify(local, state.id(), photos, List.of(names.get(0),
                names.get(1), names.get(2)), root));
        assertTrue(lost.getMessage().contains("check"), lost.getMessage());

        // The wrong crypt password: the canary gives it away, before anything is uploaded.
        writeCryptConfig("a wrong crypt password");
        BackupService.State wrong = agent.backup("manual");
        assertEquals(BackupService.NOT_UPLOADED, wrong.status());
        assertTrue(wrong.error().contains("password"), wrong.error());
        assertTrue(reports.stream().anyMatch(r -> r.contains("developer-report") && r.contains(wrong.id())), reports.toString());
        BackupService.deleteTree(data.resolve("backups"));
        BackupService.Refused refused = assertThrows(BackupService.Refused.class, () -> agent.prepareRestore(state.id()));
        assertTrue(refused.getMessage().contains("password"), refused.getMessage());
    }

    @Test
    void anUnreachableRemoteKeepsTheBackupOnThePiReportsItAndTheNextRunUploadsIt() throws Exception {
        Path served = Files.createDirectories(root.resolve("sftp-root"));
        startSftp(served, "pw");
        stopSftp(); // the remote is down (Drive or the network)
        BackupService agent = agent("vault:", "off", Duration.ofSeconds(20));
        BackupService.State down = agent.backup("nightly");
        assertEquals(BackupService.NOT_UPLOADED, down.status());
        assertTrue(Files.isRegularFile(data.resolve("backups").resolve(down.id()).resolve("archive.tar.gz")), "kept on the Pi");
        assertTrue(reports.stream().anyMatch(r -> r.contains("Backup not uploaded: " + down.id())), reports.toString());

        serveSftp(served);
        clock.set(clock.instant().plus(Duration.ofDays(1)));
        BackupService.State next = agent.backup("nightly");
        assertEquals(BackupService.VERIFIED, next.status(), String.valueOf(next.error()));
        assertEquals(BackupService.VERIFIED, agent.list(true).stream().filter(s -> s.id().equals(down.id())).findFirst()
                .orElseThrow().status(), "the earlier backup is uploaded by the next run");
    }

    @Test
    void anUploadCutOffMidwayIsNotCountedAsVerified() throws Exception {
        addPhoto(new Random(7), 4_000_000);
        Path remote = root.resolve("remote");
        BackupService.State cut = agent(remote.toString(), "300k", Duration.ofSeconds(2)).backup("manual");
        assertEquals(BackupService.NOT_UPLOADED, cut.status());
        // rclone 1.60 answers 7 (fatal) here, newer ones 10; either way it names --max-duration.
        assertTrue(cut.error().contains("max-duration") || cut.error().contains("BACKUP_MAX_DURATION"), cut.error());
        assertFalse(Files.exists(remote.resolve("backups").resolve(cut.id()).resolve("VERIFIED")));
        assertTrue(agent(remote.toString()).list(true).stream().noneMatch(s -> BackupService.VERIFIED.equals(s.status())));
    }

    @Test
    void retentionKeepsTheWindowAndTheNewestSevenAndOnlyThePhotosKeptBackupsNeed() throws Exception {
        Path remote = root.resolve("remote");
        BackupService agent = agent(remote.toString());
        Instant now = clock.instant();
        clock.set(now.minus(Duration.ofDays(60)));
        Path onlyOld = addPhoto(new Random(99), 10_000);
        String oldest = agent.backup("nightly").id();
        Files.delete(onlyOld); // Katie replaced that photo long ago
        List<String> ids = new ArrayList<>();
        for (int d = 50; d >= 41; d--) {
            clock.set(now.minus(Duration.ofDays(d)));
            ids.add(agent.backup("nightly").id());
        }
        clock.set(now);
        String today = agent.backup("nightly").id();
        List<String> onRemote;
        try (Stream<Path> s = Files.list(remote.resolve("backups"))) {
            onRemote = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        // Kept: today and the six newest before it (7 verified); everything else is older than 30 days.
        List<String> expected = new ArrayList<>(ids.subList(ids.size() - 6, ids.size()));
        expected.add(today);
        assertEquals(expected.stream().sorted().toList(), onRemote);
        assertFalse(onRemote.contains(oldest));
        assertFalse(Files.exists(remote.resolve("photos").resolve(onlyOld.getFileName())), "a photo no kept backup needs goes");
        assertEquals(3, count(remote.resolve("photos")), "the photos the kept backups need stay");
        assertEquals(7, agent.list(false).size(), "the Pi keeps the same ones");

        // A failed backup (a service refused its snapshot) deletes nothing, however old the rest.
        snapshotsFail = true;
        clock.set(now.plus(Duration.ofDays(40)));
        BackupService.State failed = agent.backup("nightly");
        assertEquals(BackupService.FAILED, failed.status());
        try (Stream<Path> s = Files.list(remote.resolve("backups"))) {
            assertEquals(7, s.count());
        }
        assertTrue(reports.stream().anyMatch(r -> r.contains("Backup failed: " + failed.id())), reports.toString());
    }

    @Test
    void aDamagedOrIncompleteBackupIsRefusedAndNothingIsLeftBehind() throws Exception {
        Path remote = root.resolve("remote");
        BackupService agent = agent(remote.toString());
        String id = agent.backup("manual").id();
        BackupService.deleteTree(data.resolve("backups"));
        Path archive = remote.resolve("backups").resolve(id).resolve("archive.tar.gz");
        byte[] good = Files.readAllBytes(archive);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x01;
        Files.write(archive, bad);
        BackupService.Refused damaged = assertThrows(BackupService.Refused.class, () -> agent.prepareRestore(id));
        assertTrue(damaged.getMessage().contains("archive.tar.gz does not match its SHA-256"), damaged.getMessage());
        assertFalse(Files.exists(data.resolve("restore").resolve(id)), "nothing left half-restored");

        Files.write(archive, good);
        Path photo;
        try (Stream<Path> s = Files.list(remote.resolve("photos"))) {
            photo = s.findFirst().orElseThrow();
        }
        Files.delete(photo);
        BackupService.Refused missing = assertThrows(BackupService.Refused.class, () -> agent.prepareRestore(id));
        assertTrue(missing.getMessage().contains(photo.getFileName().toString()), missing.getMessage());

        BackupService.Refused unknown = assertThrows(BackupService.Refused.class,
                () -> agent.prepareRestore("bakeshop-20200101T000000Z-manual"));
        assertTrue(unknown.getMessage().contains("no backup"), unknown.getMessage());
    }

    @Test
    void theRestoreDrillRestoresTheNewestVerifiedBackupFromTheRemoteAndChecksEveryDatabase() throws Exception {
        Path remote = root.resolve("remote");
        BackupService agent = agent(remote.toString());
        String id = agent.backup("nightly").id();
        BackupService.Drill passed = agent.drill();
        assertTrue(passed.passed(), passed.result());
        assertEquals(id, passed.backup());
        assertTrue(passed.result().contains("1 databases passed integrity_check (localhost/storefront.db)"), passed.result());
        assertEquals(passed, agent.lastDrill().orElseThrow());
        assertFalse(Files.exists(data.resolve("drill")), "the scratch folder is removed");
        assertTrue(Files.isRegularFile(data.resolve("backups").resolve(id).resolve("archive.tar.gz")), "the Pi's copy is untouched");
        assertTrue(reports.stream().anyMatch(r -> r.contains("Restore drill passed: " + id)), reports.toString());

        // A photo damaged on the remote (same name, other bytes): the drill fails and says which.
        Path photo;
        try (Stream<Path> s = Files.list(remote.resolve("photos"))) {
            photo = s.sorted().findFirst().orElseThrow();
        }
        Files.write(photo, new byte[] {1, 2, 3});
        BackupService.Drill failed = agent.drill();
        assertFalse(failed.passed());
        assertTrue(failed.result().contains(photo.getFileName().toString()), failed.result());
        assertTrue(reports.stream().anyMatch(r -> r.contains("Restore drill FAILED: " + id)), reports.toString());
    }

    @Test
    void aFurtherRemoteGetsEveryBackupVerifiedOnItsOwnCatchesUpAfterAnOutageAndCanBeRestoredFrom() throws Exception {
        // The main remote a directory; the further one a crypt remote over SFTP (the shape of one over S3).
        Path main = root.resolve("remote");
        Path served = Files.createDirectories(root.resolve("sftp-root"));
        startSftp(served, "the further remote's password");
        BackupService agent = agent(main.toString(), "off", Duration.ofSeconds(20), "vault:");
        BackupService.State first = agent.backup("nightly");
        assertEquals(BackupService.VERIFIED, first.status(), String.valueOf(first.error()));
        assertTrue(first.copies().get("vault:").startsWith("verified "), first.copies().toString());
        assertEquals("VERIFIED", rclone("lsf", "--config", rcloneConf.toString(), "vault:backups/" + first.id() + "/VERIFIED"));

        // The further remote is down: the backup is still good on the main one; the copy is reported.
        stopSftp();
        clock.set(clock.instant().plus(Duration.ofDays(1)));
        BackupService.State second = agent.backup("nightly");
        assertEquals(BackupService.VERIFIED, second.status(), String.valueOf(second.error()));
        assertTrue(second.copies().get("vault:").startsWith("failed: "), second.copies().toString());
        assertTrue(reports.stream().anyMatch(r -> r.contains("Backup copy not uploaded: " + second.id() + " to vault:")),
                reports.toString());

        // Back up again: the next run copies what it missed, and verifies each.
        serveSftp(served);
        clock.set(clock.instant().plus(Duration.ofDays(1)));
        BackupService.State third = agent.backup("nightly");
        for (BackupService.State s : agent.list(false)) {
            assertTrue(s.copies().get("vault:").startsWith("verified "), s.id() + ": " + s.copies());
        }
        assertEquals(List.of(first.id() + "/", second.id() + "/", third.id() + "/"),
                rclone("lsf", "--config", rcloneConf.toString(), "vault:backups").lines().sorted().toList());

        // The main remote and the Pi's copies lost: the newest backup comes back from the further remote.
        BackupService.deleteTree(main);
        BackupService.deleteTree(data);
        BackupService again = agent(main.toString(), "off", Duration.ofSeconds(20), "vault:");
        assertEquals(third.id(), again.newestVerifiedOn("vault:"));
        BackupService.Prepared prepared = again.prepareRestore(third.id(), "vault:");
        assertEquals(sha(database), Hashing.sha256(Path.of(prepared.folder()).resolve("files/db/localhost/storefront.db")));
        BackupService.Refused unknown = assertThrows(BackupService.Refused.class, () -> again.prepareRestore(third.id(), "elsewhere:"));
        assertTrue(unknown.getMessage().contains("not one of the remotes in the settings"), unknown.getMessage());
    }
}
