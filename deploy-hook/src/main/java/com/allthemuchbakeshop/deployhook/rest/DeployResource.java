package com.allthemuchbakeshop.deployhook.rest;

import com.allthemuchbakeshop.deployhook.config.DeployConfig;
import com.allthemuchbakeshop.deployhook.service.Deployer;
import com.allthemuchbakeshop.deployhook.store.History;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The deploy API (docs/deploys.md), for infra/scripts/deploy.sh on the Pi: start a deploy or a
 * rollback, read one (its log long-polled), list the history. Every request is signed
 * (RequestSignature); an unsigned, stale, forged or replayed one is refused with 401 and nothing
 * happens.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DeployResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Deployer deployer;
    private final RequestSignature signature;

    DeployResource(Deployer deployer, DeployConfig config, Clock clock) {
        this.deployer = deployer;
        this.signature = new RequestSignature(config.secret(), config.signatureWindow(), clock);
    }

    /** {service, image, commit, actor, skipBackup}: 202 and the deploy; 409 while another runs. */
    @POST
    @Path("deploys")
    public Response deploy(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        Optional<Response> refused = refuse("POST", body, headers, uri);
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            JsonNode r = JSON.readTree(body);
            if (r == null || !r.isObject()) {
                return problem(400, "send a JSON object: {\"service\", \"image\", \"commit\", \"actor\", \"skipBackup\"}");
            }
            History.Deploy d = deployer.submit("deploy", text(r, "service"), text(r, "image"), null, text(r, "commit"), text(r, "actor"),
                    r.path("skipBackup").asBoolean(false));
            return Response.status(202).entity(d).build();
        } catch (IOException e) {
            return problem(400, "the body is not JSON: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return problem(400, e.getMessage());
        } catch (Deployer.Busy e) {
            return problem(409, e.getMessage());
        }
    }

    /** {service, actor}: back to the image before the service's last successful deploy. */
    @POST
    @Path("rollbacks")
    public Response rollback(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        Optional<Response> refused = refuse("POST", body, headers, uri);
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            JsonNode r = JSON.readTree(body);
            return Response.status(202).entity(deployer.rollback(text(r, "service"), text(r, "actor"))).build();
        } catch (IOException e) {
            return problem(400, "the body is not JSON: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return problem(400, e.getMessage());
        } catch (Deployer.Busy e) {
            return problem(409, e.getMessage());
        }
    }

    @GET
    @Path("deploys")
    public Response list(@QueryParam("limit") @DefaultValue("20") int limit, @Context HttpHeaders headers, @Context UriInfo uri) {
        return refuse("GET", new byte[0], headers, uri)
                .orElseGet(() -> Response.ok(deployer.history().recent(Math.max(1, Math.min(limit, 200)))).build());
    }

    @GET
    @Path("deploys/{id}")
    public Response one(@PathParam("id") long id, @Context HttpHeaders headers, @Context UriInfo uri) {
        return refuse("GET", new byte[0], headers, uri).orElseGet(() -> deployer.history().find(id).map(d -> Response.ok(d).build())
                .orElseGet(() -> problem(404, "there is no deploy " + id)));
    }

    /**
     * The log lines after line `after`, as plain text; waits up to `wait` seconds (at most 25) for
     * one. X-Log-Next is the `after` of the next call; X-Deploy-State the state (running until the
     * end, then succeeded, rolled-back or failed).
     */
    @GET
    @Path("deploys/{id}/log")
    @Produces(MediaType.TEXT_PLAIN)
    public Response log(@PathParam("id") long id, @QueryParam("after") @DefaultValue("0") int after,
            @QueryParam("wait") @DefaultValue("0") int wait, @Context HttpHeaders headers, @Context UriInfo uri) throws InterruptedException {
        Optional<Response> refused = refuse("GET", new byte[0], headers, uri);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (deployer.history().find(id).isEmpty()) {
            return Response.status(404).type(MediaType.TEXT_PLAIN).entity("there is no deploy " + id + "\n").build();
        }
        History.LogPage page = deployer.history().log(id, Math.max(0, after), Math.max(0, Math.min(wait, 25)) * 1000L);
        StringBuilder text = new StringBuilder();
        page.lines().forEach(l -> text.append(l).append('\n'));
        return Response.ok(text.toString()).header("X-Log-Next", page.next()).header("X-Deploy-State", page.finished() ? page.state() : "running")
                .build();
    }

    private Optional<Response> refuse(String method, byte[] body, HttpHeaders headers, UriInfo uri) {
        String target = uri.getRequestUri().getRawPath() + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
        return signature.refusal(headers.getHeaderString(RequestSignature.TIMESTAMP), headers.getHeaderString(RequestSignature.NONCE),
                headers.getHeaderString(RequestSignature.SIGNATURE), method, target, body == null ? new byte[0] : body)
                .map(why -> problem(401, why));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Response problem(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("message", message)).build();
    }
}
