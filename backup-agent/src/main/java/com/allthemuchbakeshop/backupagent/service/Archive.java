package com.allthemuchbakeshop.backupagent.service;

import com.allthemuchbakeshop.backupagent.Manifest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** The backup's archive: a tar.gz written and read as a stream (never held in memory). */
public final class Archive {

    private Archive() {
    }

    /** Packs every regular file under dir (paths relative to dir's parent, e.g. files/db/...); returns their entries. */
    public static List<Manifest.Entry> write(Path dir, Path archive) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Manifest.Entry> entries = new ArrayList<>();
        Path base = dir.getParent();
        try (OutputStream file = Files.newOutputStream(archive);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(new BufferedOutputStream(file), 64 * 1024))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path f : files) {
                String name = base.relativize(f).toString();
                TarArchiveEntry entry = new TarArchiveEntry(f.toFile(), name);
                entry.setMode(0600);
                tar.putArchiveEntry(entry);
                Files.copy(f, tar);
                tar.closeArchiveEntry();
                entries.add(new Manifest.Entry(name, Files.size(f), Hashing.sha256(f)));
            }
            tar.finish();
        }
        return entries;
    }

    /** Unpacks into target, refusing any entry that would land outside it. */
    public static void extract(Path archive, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (InputStream file = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(file), 64 * 1024))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root) || e.isSymbolicLink() || e.isLink()) {
                    throw new IOException("the archive holds an entry that is not a plain file inside it: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                }
            }
        }
    }
}
