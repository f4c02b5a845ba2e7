package com.allthemuchbakeshop.backupagent.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The backups on one rclone remote, laid out as:
 * <pre>
 *   canary.txt                   known text: read back before every backup (a wrong crypt password shows here)
 *   photos/NAME                  every photo any kept backup needs, uploaded once (names are content hashes)
 *   backups/ID/archive.tar.gz    databases, settings, configuration, release
 *   backups/ID/manifest.json     what the backup holds, with sizes and SHA-256
 *   backups/ID/SHA256SUMS        the same for sha256sum -c
 *   backups/ID/VERIFIED          written only after the upload was checked against the local copy
 * </pre>
 */
public class Remote {

    public static final String CANARY = "canary.txt";
    public static final String CANARY_TEXT = "All the Much Bake Shop backups: if you can read this, the password is right.\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Rclone rclone;
    private final String root;

    public Remote(Rclone rclone, String remote) {
        this.rclone = rclone;
        this.root = rootOf(remote);
    }

    /** How a remote's setting is written as a root: "name:" or "name:path/" or "/dir/". */
    public static String rootOf(String remote) {
        return remote.endsWith(":") || remote.endsWith("/") ? remote : remote + "/";
    }

    public String root() {
        return root;
    }

    String path(String sub) {
        return root + sub;
    }

    /** A backup on the remote: its id and whether its upload was verified. */
    public record Listed(String id, boolean verified) {
    }

    /**
     * Reads the canary back. The first time (nothing at all on the remote, nor under a crypt
     * remote's encrypted names) it is written. A remote with files but no readable canary means
     * a wrong crypt password (encrypted names that fail to decrypt are silently skipped).
     */
    public void checkCanary(Path scratch) throws Rclone.Failed, IOException {
        String text;
        try {
            text = rclone.run("reading the canary", "cat", path(CANARY)).output();
        } catch (Rclone.Failed e) {
            if (!isEmpty()) {
                throw new Rclone.Failed("the remote " + root + " has files but its canary cannot be read: the crypt password "
                        + "(or password2) in rclone.conf is probably wrong, or " + CANARY + " was deleted. Check the "
                        + "passwords against the ones kept safe (docs/backups.md) before taking more backups. (" + e.getMessage()
                        + ")", e.exitCode());
            }
            Path file = scratch.resolve(CANARY);
            Files.writeString(file, CANARY_TEXT);
            rclone.run("writing the canary", "copyto", file.toString(), path(CANARY));
            text = rclone.run("reading the canary", "cat", path(CANARY)).output();
        }
        if (!CANARY_TEXT.equals(text)) {
            throw new Rclone.Failed("the canary on " + root + " reads back wrong: the crypt password is probably wrong", 0);
        }
    }

    /** True when neither the remote nor (for a crypt remote) what lies under it holds anything. */
    private boolean isEmpty() throws Rclone.Failed {
        for (String target : underneath()) {
            try {
                if (!rclone.run("listing " + target, "lsf", "--max-depth", "1", target).output().isBlank()) {
                    return false;
                }
            } catch (Rclone.Failed e) {
                if (e.exitCode() != 3) { // 3: the directory does not exist yet, which is empty enough
                    throw e;
                }
            }
        }
        return true;
    }

    /** The remote itself and, for a crypt remote, the remote under it (the encrypted names). */
    private List<String> underneath() throws Rclone.Failed {
        List<String> targets = new ArrayList<>(List.of(root));
        int colon = root.indexOf(':');
        if (colon <= 0 || root.startsWith("/")) {
            return targets;
        }
        String name = root.substring(0, colon);
        try {
            JsonNode dump = JSON.readTree(rclone.run("reading the rclone configuration", "config", "dump").output());
            JsonNode section = dump.path(name);
            if ("crypt".equals(section.path("type").asText()) && section.hasNonNull("remote")) {
                String under = section.path("remote").asText();
                String rest = root.substring(colon + 1);
                targets.add(rest.isEmpty() ? under : (under.endsWith(":") || under.endsWith("/") ? under : under + "/") + rest);
            }
        } catch (IOException e) {
            throw new Rclone.Failed("rclone config dump printed something that is not JSON", 0);
        }
        return targets;
    }

    /** Whether the remote encrypts (then uploads are checked with cryptcheck). */
    public boolean isCrypt() throws Rclone.Failed {
        return underneath().size() > 1;
    }

    /** Uploads the photos the remote lacks (names are content hashes: one with the name is the same photo). */
    public long uploadPhotos(Path photosDir, Collection<String> names, Path scratch) throws Rclone.Failed, IOException {
        Path list = writeList(scratch.resolve("photos.list"), names);
        return rclone.run("uploading new photos", "copy", photosDir.toString(), path("photos"), "--files-from-raw",
                list.toString(), "--ignore-existing", "--no-traverse").bytesTransferred();
    }

    /** Uploads a backup's folder (archive, manifest, SHA256SUMS). */
    public long uploadBackup(Path localBackup, String id) throws Rclone.Failed {
        return rclone.run("uploading " + id, "copy", localBackup.toString(), path("backups/" + id)).bytesTransferred();
    }

    /** Checks the uploaded backup and the photos it needs against the local files, hashes and all. */
    public void verify(Path localBackup, String id, Path photosDir, Collection<String> photos, Path scratch)
            throws Rclone.Failed, IOException {
        String check = isCrypt() ? "cryptcheck" : "check";
        rclone.run("checking " + id + " on the remote", check, localBackup.toString(), path("backups/" + id), "--one-way");
        if (!photos.isEmpty()) {
            Path list = writeList(scratch.resolve("photos-check.list"), photos);
            rclone.run("checking the photos of " + id + " on the remote", check, photosDir.toString(), path("photos"),
                    "--one-way", "--files-from-raw", list.toString());
        }
    }

    /** Marks a checked backup as verified on the remote. */
    public void markVerified(String id, String when, Path scratch) throws Rclone.Failed, IOException {
        Path file = scratch.resolve("VERIFIED");
        Files.writeString(file, "verified " + when + "\n");
        rclone.run("marking " + id + " verified", "copyto", file.toString(), path("backups/" + id + "/VERIFIED"));
    }

    /** Every backup on the remote, by id, with whether it was verified. */
    public Map<String, Listed> list() throws Rclone.Failed {
        Map<String, Listed> out = new TreeMap<>();
        String text;
        try {
            text = rclone.run("listing the backups", "lsf", "-R", "--max-depth", "2", path("backups")).output();
        } catch (Rclone.Failed e) {
            if (e.exitCode() == 3) {
                return out;
            }
            throw e;
        }
        Set<String> verified = new TreeSet<>();
        for (String line : text.split("\n")) {
            String[] parts = line.strip().split("/");
            if (parts.length >= 1 && BackupIds.ID.matcher(parts[0]).matches()) {
                out.putIfAbsent(parts[0], null);
                if (parts.length == 2 && parts[1].equals("VERIFIED")) {
                    verified.add(parts[0]);
                }
            }
        }
        out.replaceAll((id, ignored) -> new Listed(id, verified.contains(id)));
        return out;
    }

    public String readManifest(String id) throws Rclone.Failed {
        return rclone.run("reading the manifest of " + id, "cat", path("backups/" + id + "/manifest.json")).output();
    }

    public void deleteBackup(String id) throws Rclone.Failed {
        rclone.run("deleting " + id, "purge", path("backups/" + id));
    }

    public Set<String> listPhotos() throws Rclone.Failed {
        try {
            String text = rclone.run("listing the photos", "lsf", "--files-only", path("photos")).output();
            Set<String> names = new TreeSet<>();
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
            return names;
        } catch (Rclone.Failed e) {
            if (e.exitCode() == 3) {
                return new TreeSet<>();
            }
            throw e;
        }
    }

    public void deletePhotos(Collection<String> names, Path scratch) throws Rclone.Failed, IOException {
        if (names.isEmpty()) {
            return;
        }
        Path list = writeList(scratch.resolve("photos-delete.list"), names);
        rclone.run("deleting photos no kept backup needs", "delete", path("photos"), "--files-from-raw", list.toString());
    }

    /** Downloads a backup's folder (archive, manifest, SHA256SUMS). */
    public void downloadBackup(String id, Path target) throws Rclone.Failed {
        rclone.run("downloading " + id, "copy", path("backups/" + id), target.toString());
    }

    /** Downloads the named photos into target. */
    public void downloadPhotos(Collection<String> photos, Path target, Path scratch) throws Rclone.Failed, IOException {
        Path list = writeList(scratch.resolve("photos-download.list"), photos);
        rclone.run("downloading " + photos.size() + " photos", "copy", path("photos"), target.toString(), "--files-from-raw",
                list.toString(), "--no-traverse");
    }

    private static Path writeList(Path file, Collection<String> names) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new TreeSet<>(names), StandardCharsets.UTF_8);
        return file;
    }
}
