package com.allthemuchbakeshop.backupagent.rest;

import com.allthemuchbakeshop.backupagent.service.BackupService;
import com.allthemuchbakeshop.backupagent.service.Rclone;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The backup API, internal only (the edge proxy never forwards /api/*; the token is required):
 * take a backup and wait for it (the deploy-hook, backup.sh), list them (humans, restore.sh),
 * the latest (the monitor's freshness check), and prepare a restore (restore.sh).
 */
@Path("/api")
@Blocking
public class BackupResource {

    /** POST /api/backups body; reason defaults to manual. */
    public record BackupRequest(String reason) {
    }

    /** POST /api/restores body; remote (optional) names a further remote to restore from (BACKUP_EXTRA_REMOTES). */
    public record RestoreRequest(String backup, String remote) {
    }

    private final BackupService backups;

    BackupResource(BackupService backups) {
        this.backups = backups;
    }

    /** Takes a backup now and answers once it is verified (200) or has failed (500), with its state. */
    @POST
    @Path("backups")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response backup(BackupRequest request) {
        String reason = request == null || request.reason() == null ? "manual" : request.reason();
        try {
            BackupService.State state = backups.backup(reason);
            return Response.status(BackupService.VERIFIED.equals(state.status()) ? 200 : 500).entity(state).build();
        } catch (IllegalArgumentException e) {
            return problem(400, e.getMessage());
        } catch (BackupService.Busy e) {
            return problem(409, e.getMessage());
        }
    }

    /**
     * The same for a shell script (bakeshop backup), whose busybox wget cannot read the body of an
     * error and gives up on a connection silent for 15 minutes: always 200, streamed, a line
     * "... still working (N s)" every 15 seconds, then "RESULT: verified|not-uploaded|failed|busy|refused"
     * and the words that go with it.
     */
    @POST
    @Path("backups")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    public Multi<String> backupForScript(BackupRequest request) {
        String reason = request == null || request.reason() == null ? "manual" : request.reason();
        return ScriptAnswer.stream(() -> {
            try {
                BackupService.State s = backups.backup(reason);
                return "RESULT: " + s.status() + "\n" + s.id() + ": " + (s.error() == null ? "verified on the remote" : s.error())
                        + "\narchive " + Rclone.size(s.archiveBytes()) + ", " + s.photos() + " photos (" + Rclone.size(s.photoBytes())
                        + "), uploaded " + Rclone.size(s.uploadedBytes()) + ", steps (ms) " + s.stepMillis() + "\n";
            } catch (IllegalArgumentException e) {
                return "RESULT: refused\n" + e.getMessage() + "\n";
            } catch (BackupService.Busy e) {
                return "RESULT: busy\n" + e.getMessage() + "\n";
            }
        });
    }

    @GET
    @Path("backups")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> list() {
        return Map.of("running", backups.running(), "backups", backups.list(true));
    }

    /** The same list as a table, for restore.sh and a person at a terminal. */
    @GET
    @Path("backups")
    @Produces(MediaType.TEXT_PLAIN)
    public String table() {
        List<BackupService.State> list = backups.list(true);
        StringBuilder out = new StringBuilder(String.format("%-40s %-20s %-12s %10s %7s %s%n", "BACKUP", "TAKEN (UTC)", "STATUS",
                "ARCHIVE", "PHOTOS", "WHERE"));
        for (BackupService.State s : list) {
            StringBuilder where = new StringBuilder(s.local() ? "pi" : "");
            if (s.remote()) {
                where.append(where.isEmpty() ? "" : "+").append("remote");
            }
            s.copies().forEach((remote, result) -> where.append(result.startsWith(BackupService.VERIFIED) ? "+" + remote : ""));
            out.append(String.format("%-40s %-20s %-12s %10s %7s %s%n", s.id(), s.startedAt().replace('T', ' ').replaceAll("\\..*|Z$", ""),
                    s.status(), s.archiveBytes() > 0 ? Rclone.size(s.archiveBytes()) : "-", s.photos() > 0 ? s.photos() : "-",
                    where.isEmpty() ? "-" : where.toString()));
        }
        if (list.isEmpty()) {
            out.append("(no backups yet)\n");
        }
        return out.toString();
    }

    /** The newest attempt and the newest verified backup (404 when there is none yet). */
    @GET
    @Path("backups/latest")
    @Produces(MediaType.APPLICATION_JSON)
    public Response latest() {
        var latest = backups.latest();
        if (latest.isEmpty()) {
            return problem(404, "no backup has been taken yet");
        }
        return Response.ok(Map.of("latest", latest.get(), "latestVerified", backups.latestVerified().map(s -> (Object) s)
                .orElse(Map.of()), "lastDrill", backups.lastDrill().map(d -> (Object) d).orElse(Map.of()),
                "running", backups.running())).build();
    }

    /** Runs the restore drill now (it also runs monthly): 200 when it passed, 500 with the reason when not. */
    @POST
    @Path("drills")
    @Produces(MediaType.APPLICATION_JSON)
    public Response drill() {
        try {
            BackupService.Drill d = backups.drill();
            return Response.status(d.passed() ? 200 : 500).entity(d).build();
        } catch (BackupService.Busy e) {
            return problem(409, e.getMessage());
        }
    }

    /** Downloads and verifies a backup into the agent's volume (data/restore/ID); changes nothing else. */
    @POST
    @Path("restores")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response prepareRestore(RestoreRequest request) {
        String id = request == null || request.backup() == null ? "" : request.backup();
        try {
            String from = request == null ? null : request.remote();
            if (id.equals("latest") && from != null && !from.isBlank()) {
                id = backups.newestVerifiedOn(from);
            } else if (id.equals("latest")) {
                id = backups.list(true).stream().filter(s -> BackupService.VERIFIED.equals(s.status())).findFirst()
                        .map(BackupService.State::id).orElseThrow(() -> new BackupService.Refused("there is no verified backup"));
            }
            return Response.ok(backups.prepareRestore(id, from)).build();
        } catch (BackupService.Refused e) {
            return problem(422, e.getMessage());
        } catch (BackupService.Busy e) {
            return problem(409, e.getMessage());
        }
    }

    /**
     * The same for restore.sh, streamed as for backups: the last lines are "RESULT: ready|refused|busy";
     * when ready, KEY=VALUE lines the script reads (ID, FOLDER, TAKEN, COMMIT, PHOTOS, DATABASES, and IMAGES:
     * service=reference@imageId for every service that was running, so the exact release is started again).
     */
    @POST
    @Path("restores")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    public Multi<String> prepareRestoreForScript(RestoreRequest request) {
        return ScriptAnswer.stream(() -> {
            Response r = prepareRestore(request);
            if (r.getStatus() != 200) {
                @SuppressWarnings("unchecked")
                Map<String, String> problem = (Map<String, String>) r.getEntity();
                return "RESULT: " + (r.getStatus() == 409 ? "busy" : "refused") + "\n" + problem.get("message") + "\n";
            }
            BackupService.Prepared p = (BackupService.Prepared) r.getEntity();
            StringBuilder dbs = new StringBuilder();
            p.manifest().files().stream().filter(f -> f.path().startsWith("files/db/"))
                    .forEach(f -> dbs.append(dbs.length() == 0 ? "" : " ").append(f.path().substring("files/db/".length())));
            StringBuilder images = new StringBuilder();
            p.manifest().release().images().stream().filter(i -> !i.service().isEmpty() && !i.imageId().isEmpty())
                    .forEach(i -> images.append(images.length() == 0 ? "" : " ").append(i.service()).append('=')
                            .append(i.reference()).append('@').append(i.imageId()));
            return "RESULT: ready\nID=" + p.id() + "\nFOLDER=" + p.folder() + "\nTAKEN=" + p.manifest().startedAt() + "\nCOMMIT="
                    + p.manifest().release().commit() + "\nPHOTOS=" + p.manifest().photos().size() + "\nDATABASES=" + dbs
                    + "\nIMAGES=" + images + "\n";
        });
    }

    private static Response problem(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("message", message)).build();
    }
}
