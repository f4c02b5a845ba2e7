package com.allthemuchbakeshop.monitoragent.check;

import com.allthemuchbakeshop.monitoragent.check.Observation.Audience;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine: disk space of the data filesystem (threshold with hysteresis, and a time-until-full
 * trend from the last day's figures), memory, load, and the CPU temperature where the kernel
 * shows it (the Pi). /proc inside a container shows the host's memory and load.
 */
public class Host {

    public static final String DISK = "disk";
    public static final String MACHINE = "machine";
    /** Below the threshold by this much before a full disk counts as solved (no mail per wobble). */
    static final int HYSTERESIS_POINTS = 5;

    private final Path disk;
    private final int warnPercent;
    private final Path proc;
    private final Path thermal;

    public Host(Path disk, int warnPercent, Path proc, Path thermal) {
        this.disk = disk;
        this.warnPercent = warnPercent;
        this.proc = proc;
        this.thermal = thermal;
    }

    /** The disk's used share in percent (0 to 100) and bytes free. */
    public record Space(double usedPercent, long freeBytes, long totalBytes) {
    }

    public Space space() throws IOException {
        FileStore store = Files.getFileStore(disk);
        long total = store.getTotalSpace();
        long free = store.getUsableSpace();
        return new Space(total == 0 ? 0 : 100.0 * (total - free) / total, free, total);
    }

    /**
     * The disk observation: failing at warnPercent, and while failing (wasFailing) until it is
     * HYSTERESIS_POINTS below it. history: (epoch ms, used percent) of the last day, for the trend.
     */
    public Observation disk(Space s, boolean wasFailing, List<double[]> history, Instant now) {
        String trend = trend(history, s, now).map(d -> ", full in about " + humanDays(d) + " at the last day's rate").orElse("");
        String summary = String.format(Locale.ROOT, "%.0f %% used, %s free%s", s.usedPercent(), bytes(s.freeBytes()), trend);
        double limit = wasFailing ? warnPercent - HYSTERESIS_POINTS : warnPercent;
        if (s.usedPercent() >= limit) {
            return Observation.failed(DISK, "disk space", Audience.DEVELOPER, summary + " (alert at " + warnPercent + " %)",
                    "Filesystem of " + disk + ". What to free: infra/scripts/check-disk-space.sh --help; old images: "
                            + "docker image prune; the backups kept on the Pi: BACKUP_KEEP_DAYS.", -1);
        }
        return Observation.ok(DISK, "disk space", Audience.DEVELOPER, summary, -1);
    }

    /** Time until full from a least-squares line through the last day's figures; empty when not filling. */
    static Optional<Duration> trend(List<double[]> history, Space s, Instant now) {
        List<double[]> points = new ArrayList<>(history);
        points.add(new double[] {now.toEpochMilli(), s.usedPercent()});
        if (points.size() < 3 || points.get(points.size() - 1)[0] - points.get(0)[0] < 3_600_000) {
            return Optional.empty(); // less than an hour of figures says nothing
        }
        double n = points.size(), sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (double[] p : points) {
            double x = (p[0] - points.get(0)[0]) / 3_600_000.0;
            sx += x;
            sy += p[1];
            sxx += x * x;
            sxy += x * p[1];
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx); // percent per hour
        if (!(slope > 1e-6)) {
            return Optional.empty();
        }
        double hours = (100 - s.usedPercent()) / slope;
        return hours > 24 * 365 ? Optional.empty() : Optional.of(Duration.ofMinutes((long) (hours * 60)));
    }

    /** Memory, load and temperature: failing when memory is nearly gone or the CPU runs hot. */
    public Observation machine() {
        List<String> problems = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        try {
            long total = 0;
            long available = 0;
            for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    total = kb(line);
                } else if (line.startsWith("MemAvailable:")) {
                    available = kb(line);
                }
            }
            if (total > 0) {
                double freePct = 100.0 * available / total;
                summary.append(String.format(Locale.ROOT, "memory %.0f %% available of %s", freePct, bytes(total * 1024)));
                if (freePct < 5) {
                    problems.add("memory nearly gone (" + Math.round(freePct) + " % available)");
                }
            }
            String[] load = Files.readString(proc.resolve("loadavg")).trim().split("\\s+");
            int cores = Runtime.getRuntime().availableProcessors();
            summary.append(", load ").append(load[0]).append(' ').append(load[1]).append(' ').append(load[2]);
            if (Double.parseDouble(load[2]) > 4.0 * cores) {
                problems.add("load " + load[2] + " over 15 minutes on " + cores + " cores");
            }
        } catch (IOException | RuntimeException e) {
            summary.append(summary.length() == 0 ? "" : ", ").append("memory and load unreadable (").append(e.getMessage()).append(')');
        }
        if (Files.isReadable(thermal)) {
            try {
                double celsius = Long.parseLong(Files.readString(thermal).trim()) / 1000.0;
                summary.append(String.format(Locale.ROOT, ", CPU %.0f °C", celsius));
                if (celsius >= 80) {
                    problems.add(String.format(Locale.ROOT, "the CPU is at %.0f °C (the Pi slows itself down from 80 °C)", celsius));
                }
            } catch (IOException | NumberFormatException e) {
                // no temperature on this machine
            }
        }
        if (problems.isEmpty()) {
            return Observation.ok(MACHINE, "the Pi's memory, load and temperature", Audience.DEVELOPER, summary.toString(), -1);
        }
        return Observation.failed(MACHINE, "the Pi's memory, load and temperature", Audience.DEVELOPER, String.join("; ", problems),
                summary.toString(), -1);
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%d MB", b >> 20);
    }

    static String humanDays(Duration d) {
        return d.toHours() >= 48 ? d.toDays() + " days" : d.toHours() + " hours";
    }
}
