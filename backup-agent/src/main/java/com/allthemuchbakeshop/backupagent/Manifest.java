package com.allthemuchbakeshop.backupagent;

import java.util.List;
import java.util.Map;

/**
 * What one backup holds, written as manifest.json beside its archive: every file with its size
 * and SHA-256 (those in the archive, and the photos it needs from the remote's shared photo
 * folder), the release that was running, and how long each step took. SHA256SUMS beside it says
 * the same in sha256sum's format, so a person can check a download with standard tools.
 */
public record Manifest(int format, String id, String reason, String startedAt, String finishedAt,
        Map<String, Long> stepMillis, Release release, Entry archive, List<Entry> files, List<Entry> photos) {

    public static final int FORMAT = 1;

    /** A file: its path (inside the archive, or a photo's name), size and SHA-256 in hex. */
    public record Entry(String path, long bytes, String sha256) {
    }

    /** The release that was running: the git commit of the project directory and every service's image. */
    public record Release(String commit, List<Image> images, String note) {
    }

    /** A running service's image: the reference it was started from and the image's ID and digests. */
    public record Image(String service, String reference, String imageId, List<String> repoDigests) {
    }

    public long photoBytes() {
        return photos.stream().mapToLong(Entry::bytes).sum();
    }
}
