package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.storefront.service.SignUpService;
import com.allthemuchbakeshop.storefront.store.SubscriberStore.SignUp;
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

/** Email sign-up for the bakery's news, and unsubscribing from it. */
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
    }

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
    public Response signUp(@FormParam("email") String email) {
        SignUpService.Result result = signUps.signUp(email);
        if (result.outcome().isEmpty()) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Templates.signup(new SignUpView(email == null ? "" : email, "", result.error())))
                    .build();
        }
        String message = result.outcome().get() == SignUp.ALREADY_SUBSCRIBED
                ? "You are already on our list, thank you! Nothing more to do."
                : "Thank you! You are on our list.";
        return Response.ok(Templates.signup(new SignUpView("", message, ""))).build();
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
