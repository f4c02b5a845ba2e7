package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.storefront.service.Honeypot;
import com.allthemuchbakeshop.storefront.service.SignUpService;
import com.allthemuchbakeshop.storefront.store.SubscriberStore.Subscriber;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/** Email sign-up for the bakery's news (confirmed from the email it sends), and unsubscribing from it. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignUpResource {

    /** What the sign-up form shows: the address typed, and a message or an error. */
    public record SignUpView(String email, String message, String error) {
        static final SignUpView EMPTY = new SignUpView("", "", "");
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signup(SignUpView signup);

        static native TemplateInstance unsubscribe(String email, String token, boolean done);

        static native TemplateInstance confirm(String email, String token, boolean done);
    }

    static final String CHECK_YOUR_EMAIL = "Thank you! Please check your email: we sent you a link to confirm. "
            + "(Already on our list? Then there is nothing more to do.)";

    private final SignUpService signUps;

    SignUpResource(SignUpService signUps) {
        this.signUps = signUps;
    }

    @GET
    @Path("signup")
    public TemplateInstance form() {
        return Templates.signup(SignUpView.EMPTY);
    }

    @POST
    @Path("signup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signUp(@FormParam("email") String email, @FormParam(Honeypot.FIELD) String trap) {
        if (trap != null && !trap.isBlank()) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Templates.signup(new SignUpView(email == null ? "" : email, "", Honeypot.MESSAGE))).build();
        }
        SignUpService.Result result = signUps.signUp(email);
        if (result.outcome().isEmpty()) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Templates.signup(new SignUpView(email == null ? "" : email, "", result.error())))
                    .build();
        }
        // The same answer whatever the address's state: the form does not tell who is on the list.
        return Response.ok(Templates.signup(new SignUpView("", CHECK_YOUR_EMAIL, ""))).build();
    }

    /** The link in the confirmation email: a page with a button, so a mail scanner opening links confirms nothing. */
    @GET
    @Path("signup/confirm")
    public TemplateInstance confirmPage(@QueryParam("token") String token) {
        Optional<Subscriber> subscriber = signUps.subscriber(token).filter(Subscriber::subscribed);
        return Templates.confirm(subscriber.map(Subscriber::email).orElse(""), token == null ? "" : token, false);
    }

    @POST
    @Path("signup/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirm(@FormParam("token") String token) {
        Optional<Subscriber> subscriber = signUps.subscriber(token);
        if (subscriber.isEmpty() || !signUps.confirm(token)) {
            return Response.status(Response.Status.NOT_FOUND).entity(Templates.confirm("", "", false)).build();
        }
        return Response.ok(Templates.confirm(subscriber.get().email(), "", true)).build();
    }

    @GET
    @Path("unsubscribe")
    public TemplateInstance confirmUnsubscribe(@QueryParam("token") String token) {
        Optional<Subscriber> subscriber = signUps.subscriber(token);
        return Templates.unsubscribe(subscriber.map(Subscriber::email).orElse(""), token == null ? "" : token, false);
    }

    @POST
    @Path("unsubscribe")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response unsubscribe(@FormParam("token") String token) {
        Optional<Subscriber> subscriber = signUps.subscriber(token);
        if (subscriber.isEmpty() || !signUps.unsubscribe(token)) {
            return Response.status(Response.Status.NOT_FOUND).entity(Templates.unsubscribe("", "", false)).build();
        }
        return Response.ok(Templates.unsubscribe(subscriber.get().email(), "", true)).build();
    }
}
