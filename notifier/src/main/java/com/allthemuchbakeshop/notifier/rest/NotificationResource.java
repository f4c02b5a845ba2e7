package com.allthemuchbakeshop.notifier.rest;

import com.allthemuchbakeshop.notifier.InvalidRequest;
import com.allthemuchbakeshop.notifier.Kind;
import com.allthemuchbakeshop.notifier.OutgoingMessage;
import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import com.allthemuchbakeshop.notifier.service.FanOut;
import com.allthemuchbakeshop.notifier.service.OutboxSender;
import com.allthemuchbakeshop.notifier.service.SendingLimits;
import com.allthemuchbakeshop.notifier.store.OutboxStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one way to send anything: POST a notification (kind, idempotency key, data); it is stored
 * before the 202 answer and sent by the outbox. GET tells its state and attempts.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** What a caller sends. */
    public record NotificationRequest(String kind, String idempotencyKey, Map<String, Object> data) {
    }

    /** The answer to a POST. */
    public record Accepted(long id, boolean duplicate) {
    }

    /** A 400 answer: which field, and what is wrong with it. */
    public record Problem(String field, String message) {
    }

    private final FanOut fanOut;
    private final OutboxStore outbox;
    private final OutboxSender sender;
    private final SendingLimits limits;
    private final NotifierConfig config;
    private final Clock clock;

    NotificationResource(FanOut fanOut, OutboxStore outbox, OutboxSender sender, SendingLimits limits, NotifierConfig config,
            Clock clock) {
        this.fanOut = fanOut;
        this.limits = limits;
        this.outbox = outbox;
        this.sender = sender;
        this.config = config;
        this.clock = clock;
    }

    @POST
    @Path("notifications")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response accept(NotificationRequest request) {
        if (request == null) {
            throw new InvalidRequest("body", "a JSON body with kind, idempotencyKey and data is required");
        }
        Kind kind = Kind.of(request.kind() == null ? "" : request.kind())
                .orElseThrow(() -> new InvalidRequest("kind", "kind must be one of order-received, order-confirmation, "
                        + "signup-welcome, alert, report, developer-report"));
        if (request.idempotencyKey() == null || !KEY.matcher(request.idempotencyKey()).matches()) {
            throw new InvalidRequest("idempotencyKey", "idempotencyKey must be 1 to 100 letters, digits or . _ : -");
        }
        List<OutgoingMessage> messages = fanOut.messages(kind, request.data());
        OutboxStore.Accepted accepted = limits.accept(request.idempotencyKey(), kind, messages);
        sender.wake();
        return Response.status(Response.Status.ACCEPTED).entity(new Accepted(accepted.id(), !accepted.created())).build();
    }

    @GET
    @Path("notifications/{id}")
    public OutboxStore.NotificationState state(@PathParam("id") long id) {
        return outbox.find(id).orElseThrow(NotFoundException::new);
    }

    /** The runbook's "send me a test email": one report to the owner, through the real channel. */
    @POST
    @Path("test-email")
    public Response testEmail() {
        String key = "test-email-" + clock.millis();
        List<OutgoingMessage> messages = fanOut.messages(Kind.REPORT, Map.of("subject", "Test email from the notifier",
                "message", "If you can read this, email from the bakery's system reaches you. Sent " + LocalDate.now(clock) + "."));
        OutboxStore.Accepted accepted = outbox.accept(key, Kind.REPORT, messages, clock.instant(), mailDomain());
        sender.wake();
        return Response.status(Response.Status.ACCEPTED).entity(new Accepted(accepted.id(), false)).build();
    }

    private String mailDomain() {
        return config.from().substring(config.from().indexOf('@') + 1);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidRequest e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new Problem(e.field(), e.getMessage())).build();
    }
}
