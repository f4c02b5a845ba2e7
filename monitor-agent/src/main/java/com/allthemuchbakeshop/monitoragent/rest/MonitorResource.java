package com.allthemuchbakeshop.monitoragent.rest;

import com.allthemuchbakeshop.monitoragent.check.Tracker;
import com.allthemuchbakeshop.monitoragent.service.Monitor;
import com.allthemuchbakeshop.monitoragent.store.Store;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor's internal API (the edge proxy never forwards /api/*; the token is required): the
 * state of every check, and maintenance windows (the deploy-hook opens one around a deploy; a
 * person can with infra/scripts/bakeshop maintenance).
 */
@Path("/api")
public class MonitorResource {

    /** POST /api/maintenance: minutes from now (or from startsAt), and why. */
    public record MaintenanceRequest(Integer minutes, String reason, String startsAt) {
    }

    private final Monitor monitor;

    MonitorResource(Monitor monitor) {
        this.monitor = monitor;
    }

    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> status() {
        Map<String, Tracker.State> states = monitor.states();
        Map<String, Object> out = new LinkedHashMap<>();
        boolean maintenance = monitor.maintenanceNow();
        out.put("overall", maintenance ? "MAINTENANCE" : states.values().stream().anyMatch(s -> s.status() == Tracker.Status.DOWN)
                ? "DOWN" : states.values().stream().anyMatch(s -> s.status() == Tracker.Status.PENDING) ? "PENDING" : "UP");
        out.put("lastRound", monitor.lastRound().map(Instant::toString).orElse(null));
        out.put("maintenance", monitor.store().maintenance(monitor.now()));
        out.put("checks", states.values().stream().map(s -> {
            Map<String, String> check = new LinkedHashMap<>();
            check.put("key", s.key());
            check.put("name", s.name());
            check.put("status", maintenance ? "MAINTENANCE" : s.status().name());
            check.put("since", s.since().toString());
            check.put("summary", s.summary());
            check.put("checkedAt", s.checkedAt().toString());
            check.put("audience", s.audience().name());
            return check;
        }).toList());
        return out;
    }

    /** The same as a table, for a person at a terminal (infra/scripts/bakeshop status). */
    @GET
    @Path("status")
    @Produces(MediaType.TEXT_PLAIN)
    public String table() {
        Map<String, Object> status = status();
        StringBuilder out = new StringBuilder("Overall: " + status.get("overall") + " (last round " + status.get("lastRound") + ")\n");
        for (Store.Maintenance m : monitor.store().maintenance(monitor.now())) {
            out.append("Maintenance window ").append(m.id()).append(": ").append(m.startsAt()).append(" to ").append(m.endsAt())
                    .append(", ").append(m.reason()).append('\n');
        }
        out.append(String.format("%n%-34s %-12s %-22s %s%n", "CHECK", "STATUS", "SINCE (UTC)", "LAST RESULT"));
        for (Tracker.State s : monitor.states().values()) {
            out.append(String.format("%-34s %-12s %-22s %s%n", s.name(), monitor.maintenanceNow() ? "MAINTENANCE" : s.status(),
                    s.since().toString().replaceAll("\\.\\d+Z$", "Z"), s.summary()));
        }
        return out.toString();
    }

    @GET
    @Path("maintenance")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Store.Maintenance> maintenance() {
        return monitor.store().maintenance(monitor.now());
    }

    /** Opens a window of 1 to 1440 minutes: no alerts in it; what is still wrong when it ends is told then. */
    @POST
    @Path("maintenance")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response open(MaintenanceRequest request) {
        if (request == null || request.minutes() == null || request.minutes() < 1 || request.minutes() > 1440) {
            return problem(400, "minutes must be a whole number from 1 to 1440");
        }
        String reason = request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty() || reason.length() > 200 || reason.chars().anyMatch(Character::isISOControl)) {
            return problem(400, "reason must be one line of 1 to 200 characters, e.g. \"deploy of 1a2b3c4\"");
        }
        Instant start = monitor.now();
        if (request.startsAt() != null) {
            try {
                start = Instant.parse(request.startsAt());
            } catch (DateTimeParseException e) {
                return problem(400, "startsAt must be an ISO-8601 instant, e.g. 2026-12-04T03:00:00Z");
            }
        }
        Store.Maintenance m = monitor.store().addMaintenance(start, start.plus(Duration.ofMinutes(request.minutes())), reason);
        return Response.status(201).entity(m).build();
    }

    /** Ends a window now; the next round tells what is still wrong. */
    @DELETE
    @Path("maintenance/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response end(@PathParam("id") long id) {
        if (!monitor.store().endMaintenance(id, monitor.now())) {
            return problem(404, "there is no open maintenance window " + id);
        }
        monitor.wake();
        return Response.noContent().build();
    }

    /** The same for a client that can only GET and POST (busybox wget: infra/scripts/bakeshop maintenance end). */
    @POST
    @Path("maintenance/{id}/end")
    @Produces(MediaType.APPLICATION_JSON)
    public Response endByPost(@PathParam("id") long id) {
        return end(id);
    }

    private static Response problem(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("message", message)).build();
    }
}
