package com.allthemuchbakeshop.monitoragent.rest;

import com.allthemuchbakeshop.monitoragent.check.Site;
import com.allthemuchbakeshop.monitoragent.check.Tracker;
import com.allthemuchbakeshop.monitoragent.config.MonitorConfig;
import com.allthemuchbakeshop.monitoragent.service.Monitor;
import com.allthemuchbakeshop.monitoragent.store.Store;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The public status page (through the edge proxy at /status), drawn at most every 5 seconds: is the website working, its uptime
 * each day of the last 90 and its response time over the last 48 hours, as server-rendered HTML
 * and SVG (no script). Only what a customer can see for themselves: no container, backup, disk,
 * address, version or log line, which stay with the developer (emails, GET /api/status).
 */
@Path("/status")
@jakarta.inject.Singleton
public class StatusPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a 'on' MMMM d", Locale.US);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMMM d", Locale.US);

    /** A day's bar: its place, colour and what it says on hover. */
    public record Bar(int x, String colour, String title) {
    }

    private final Monitor monitor;
    private final MonitorConfig config;
    private final Template status;

    StatusPage(Monitor monitor, MonitorConfig config, Template status) {
        this.monitor = monitor;
        this.config = config;
        this.status = status;
    }

    /** The page as last drawn: a flood of visitors costs one drawing every few seconds, not one each. */
    private record Drawn(String html, long at) {
    }

    private static final long FRESH_MILLIS = 5000;
    private volatile Drawn drawn = new Drawn("", 0);

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        Drawn d = drawn;
        if (System.currentTimeMillis() - d.at() < FRESH_MILLIS) {
            return d.html();
        }
        synchronized (this) {
            if (System.currentTimeMillis() - drawn.at() >= FRESH_MILLIS) {
                drawn = new Drawn(draw().render(), System.currentTimeMillis());
            }
            return drawn.html();
        }
    }

    private TemplateInstance draw() {
        Instant now = monitor.now();
        ZoneId zone = ZoneId.of(config.timeZone());
        Tracker.State site = monitor.states().get(Site.KEY);
        String state;
        String headline;
        if (monitor.maintenanceNow()) {
            state = "maintenance";
            headline = "Maintenance under way: the website may be briefly unavailable";
        } else if (site == null) {
            state = "unknown";
            headline = "Checking the website…";
        } else if (site.status() == Tracker.Status.DOWN) {
            state = "down";
            headline = "The website is down since " + TIME.format(site.since().atZone(zone)) + ". We are working on it.";
        } else {
            state = "up";
            headline = "The website is working";
        }

        // 90 daily bars, oldest left; days are UTC buckets (the rollup's), labelled by date.
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Map<LocalDate, Store.Bucket> days = new HashMap<>();
        for (Store.Bucket b : monitor.store().rollup(Site.KEY, true, today.minusDays(89).atStartOfDay(ZoneOffset.UTC).toInstant())) {
            days.put(LocalDate.ofInstant(b.at(), ZoneOffset.UTC), b);
        }
        List<Bar> bars = new ArrayList<>();
        long checks = 0;
        long fails = 0;
        for (int i = 0; i < 90; i++) {
            LocalDate d = today.minusDays(89 - i);
            Store.Bucket b = days.get(d);
            if (b == null) {
                bars.add(new Bar(i * 4, "none", DAY.format(d) + ": no data"));
                continue;
            }
            checks += b.checks();
            fails += b.fails();
            double up = b.uptime() * 100;
            String colour = up >= 99.9 ? "good" : up >= 97 ? "fair" : "poor";
            bars.add(new Bar(i * 4, colour, String.format(Locale.ROOT, "%s: %.2f %% up", DAY.format(d), up)));
        }
        String uptime = checks == 0 ? "no data yet" : String.format(Locale.ROOT, "%.2f %%", 100.0 * (checks - fails) / checks);

        // Response time: the hourly mean of the last 48 hours, as a line in a 480 x 100 box.
        List<Store.Bucket> hours = monitor.store().rollup(Site.KEY, false, now.minus(Duration.ofHours(48)));
        long max = Math.max(100, hours.stream().mapToLong(Store.Bucket::meanMillis).max().orElse(100));
        StringBuilder points = new StringBuilder();
        Instant start = now.minus(Duration.ofHours(48));
        for (Store.Bucket h : hours) {
            if (h.meanMillis() < 0) {
                continue;
            }
            double x = 480.0 * Duration.between(start, h.at()).toMinutes() / (48 * 60);
            double y = 100 - 100.0 * h.meanMillis() / max;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", Math.max(0, x), y));
        }
        long latest = hours.isEmpty() ? -1 : hours.get(hours.size() - 1).meanMillis();
        return status.data("bakery", config.bakeryName())
                .data("state", state)
                .data("headline", headline)
                .data("uptime", uptime)
                .data("bars", bars)
                .data("points", points.toString().strip())
                .data("maxMs", max)
                .data("latestMs", latest)
                .data("checkedAt", monitor.lastRound().map(t -> TIME.format(t.atZone(zone))).orElse("not yet"));
    }
}
