package com.allthemuchbakeshop.backupagent.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.PumpStreamHandler;
import org.jboss.logging.Logger;

/**
 * The real rclone binary, run through commons-exec: always with its own config file, JSON logs
 * (progress lines are read and logged as they come), --max-duration and a watchdog a minute
 * later (a remote that dies mid-upload keeps rclone retrying for minutes), and every exit code
 * turned into a sentence a person can act on.
 */
public class Rclone {

    private static final Logger LOG = Logger.getLogger(Rclone.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most stdout kept from one command (listings, a manifest): anything bigger is refused. */
    private static final int MAX_OUTPUT = 16 * 1024 * 1024;

    private final String program;
    private final Path config;
    private final Duration maxDuration;
    private final String bandwidthLimit;

    public Rclone(String program, Path config, Duration maxDuration, String bandwidthLimit) {
        this.program = program;
        this.config = config;
        this.maxDuration = maxDuration;
        this.bandwidthLimit = bandwidthLimit;
    }

    /** A command that did not succeed, with rclone's exit code and its last error lines. */
    public static class Failed extends Exception {
        private final int exitCode;

        Failed(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** What a finished command printed and moved. */
    public record Result(String output, long bytesTransferred) {
    }

    /** Runs "rclone ARGS..." and returns its output; fails with a plain explanation. */
    public Result run(String what, String... args) throws Failed {
        return run(what, List.of(args));
    }

    public Result run(String what, List<String> args) throws Failed {
        CommandLine line = new CommandLine(program);
        line.addArgument("--config", false).addArgument(config.toString(), false);
        line.addArgument("--use-json-log", false);
        line.addArgument("--stats", false).addArgument("15s", false);
        line.addArgument("--stats-log-level", false).addArgument("NOTICE", false);
        line.addArgument("--max-duration", false).addArgument(maxDuration.toSeconds() + "s", false);
        line.addArgument("--bwlimit", false).addArgument(bandwidthLimit, false);
        line.addArgument("--contimeout", false).addArgument("30s", false);
        line.addArgument("--timeout", false).addArgument("2m", false);
        line.addArgument("--retries", false).addArgument("3", false);
        // Memory: the agent and its rclone share one small container limit (rclone's defaults buffer
        // 16 MB for each of 4 transfers); a Pi's uplink gains nothing from more parallel streams.
        line.addArgument("--buffer-size", false).addArgument("4M", false);
        line.addArgument("--transfers", false).addArgument("2", false);
        line.addArgument("--checkers", false).addArgument("4", false);
        // Deleted means deleted on Google Drive (no trash filling the account); other backends ignore it.
        line.addArgument("--drive-use-trash=false", false);
        for (String arg : args) {
            line.addArgument(arg, false);
        }
        Output out = new Output();
        Progress progress = new Progress(what);
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(maxDuration.plusMinutes(1)).get();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(new PumpStreamHandler(out, progress));
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        int code;
        try {
            code = executor.execute(line);
        } catch (ExecuteException e) {
            code = e.getExitValue();
        } catch (IOException e) {
            throw new Failed("could not run " + program + " (" + e.getMessage() + "): is rclone installed?", -1);
        } finally {
            try {
                progress.close();
            } catch (IOException e) {
                LOG.debugf("closing rclone's log stream: %s", e.getMessage());
            }
        }
        if (watchdog.killedProcess()) {
            throw new Failed(what + " was stopped after " + maxDuration.plusMinutes(1).toMinutes()
                    + " minutes: rclone did not end by itself" + progress.lastErrors(), -1);
        }
        if (out.overflow) {
            throw new Failed(what + ": rclone printed more than " + MAX_OUTPUT + " bytes", code);
        }
        if (code != 0) {
            throw new Failed(what + " failed: " + meaning(code) + progress.lastErrors(), code);
        }
        return new Result(out.toString(StandardCharsets.UTF_8), progress.bytes);
    }

    /**
     * What rclone's exit code means, for the rclone of the official image and Debian's 1.60 alike
     * (1.60 and older also answer 1 for a usage error; newer ones answer 2).
     */
    public static String meaning(int code) {
        return switch (code) {
            case 1 -> "rclone reported an error (exit 1: files that differ, or a usage error in rclone 1.60 and older)";
            case 2 -> "rclone was called wrongly (exit 2: a usage error; the agent and its rclone disagree on an option)";
            case 3 -> "a directory was not found on the remote (exit 3)";
            case 4 -> "a file was not found on the remote (exit 4)";
            case 5 -> "a temporary error that more retries might fix, e.g. the remote or the network is down (exit 5)";
            case 6 -> "a less serious error the remote reported (exit 6)";
            case 7 -> "a fatal error that retries will not fix, e.g. the account is suspended, out of space or the "
                    + "credentials are refused (exit 7)";
            case 8 -> "the transfer limit was reached (exit 8)";
            case 9 -> "nothing was transferred (exit 9)";
            case 10 -> "the time limit (BACKUP_MAX_DURATION) ran out before the transfer finished (exit 10)";
            default -> "rclone exited with status " + code;
        };
    }

    /** stdout, bounded. */
    private static final class Output extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean overflow;

        @Override
        public void write(int b) {
            if (bytes.size() < MAX_OUTPUT) {
                bytes.write(b);
            } else {
                overflow = true;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int room = MAX_OUTPUT - bytes.size();
            if (len > room) {
                overflow = true;
                len = Math.max(room, 0);
            }
            bytes.write(b, off, len);
        }

        String toString(java.nio.charset.Charset charset) {
            return bytes.toString(charset);
        }
    }

    /** rclone's JSON log on stderr: progress logged, the last errors kept for the failure message. */
    private static final class Progress extends LogOutputStream {
        private final String what;
        private final Deque<String> errors = new ArrayDeque<>();
        private long bytes;

        Progress(String what) {
            this.what = what;
        }

        @Override
        protected void processLine(String line, int level) {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                remember(line);
                return;
            }
            if (node == null || !node.isObject()) {
                remember(line);
                return;
            }
            JsonNode stats = node.get("stats");
            if (stats != null) {
                bytes = stats.path("bytes").asLong(bytes);
                long total = stats.path("totalBytes").asLong(0);
                LOG.logf(total >= 1_000_000 ? Logger.Level.INFO : Logger.Level.DEBUG,
                        "%s: %s of %s (%d%%), %s/s, %d checked, %d transferred, %d errors", what, size(bytes), size(total),
                        total > 0 ? bytes * 100 / total : 100, size((long) stats.path("speed").asDouble(0)),
                        stats.path("checks").asLong(0), stats.path("transfers").asLong(0), stats.path("errors").asLong(0));
                return;
            }
            String lvl = node.path("level").asText("");
            String msg = node.path("msg").asText(line).strip();
            String object = node.path("object").asText("");
            String text = object.isEmpty() ? msg : object + ": " + msg;
            if (lvl.equals("error") || lvl.equals("critical") || lvl.equals("fatal")) {
                LOG.warnf("%s: rclone: %s", what, text);
                remember(text);
            } else {
                LOG.debugf("%s: rclone: %s", what, text);
            }
        }

        private void remember(String text) {
            if (text.isBlank()) {
                return;
            }
            errors.addLast(text.length() > 300 ? text.substring(0, 300) + "…" : text);
            while (errors.size() > 3) {
                errors.removeFirst();
            }
        }

        String lastErrors() {
            List<String> list = new ArrayList<>(errors);
            return list.isEmpty() ? "" : ". rclone said: " + String.join(" | ", list);
        }
    }

    /** 1536 → "1.5 kB". */
    public static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format("%.1f %s", v, units[i]);
    }
}
