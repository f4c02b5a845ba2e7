package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.storefront.config.BakeryConfig;
import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import com.allthemuchbakeshop.storefront.service.AdminSessions;
import com.allthemuchbakeshop.storefront.service.ClientAddressResolver;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Signing in to and out of the owner's admin. */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
public class AdminSignInResource {

    static final String DEVICE_COOKIE = "admin-device";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(String name, String problem, String notice);
    }

    private final AdminSessions sessions;
    private final ClientAddressResolver clients;
    private final StorefrontConfig config;
    private final BakeryConfig bakery;

    AdminSignInResource(AdminSessions sessions, ClientAddressResolver clients, StorefrontConfig config, BakeryConfig bakery) {
        this.sessions = sessions;
        this.clients = clients;
        this.config = config;
        this.bakery = bakery;
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/admin/orders")).build();
    }

    @GET
    @Path("sign-in")
    public TemplateInstance form(@QueryParam("signed-out") String signedOut) {
        return Templates.signIn("", "", signedOut != null ? "You are signed out." : "");
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("name") String name, @FormParam("password") String password,
            @CookieParam(DEVICE_COOKIE) String device, @Context HttpServerRequest http) {
        String client = FormRateLimitFilter.client(clients, http);
        AdminSessions.SignIn result = sessions.signIn(name, password, client, device, bakery.timeZone());
        if (result.token().isEmpty()) {
            String shown = name == null || name.length() > 64 ? "" : name;
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity(Templates.signIn(shown, result.problem(), "")).build();
        }
        return Response.seeOther(URI.create("/admin/orders"))
                .cookie(cookie(result.token().get(), -1), deviceCookie(result.deviceToken().orElseThrow()))
                .build();
    }

    /**
     * Marks this browser as one the account has signed in with: its next sign-ins skip the wait
     * that strangers' wrong passwords put on the account. Only sent to the sign-in form.
     */
    private NewCookie deviceCookie(String value) {
        return new NewCookie.Builder(DEVICE_COOKIE)
                .value(value)
                .path(AdminGate.SIGN_IN)
                .httpOnly(true)
                .secure(config.secureCookies())
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) AdminSessions.DEVICE_TRUSTED_FOR.toSeconds())
                .build();
    }

    @POST
    @Path("sign-out")
    public Response signOut(@CookieParam(AdminGate.COOKIE) String token) {
        sessions.signOut(token);
        return Response.seeOther(URI.create(AdminGate.SIGN_IN + "?signed-out")).cookie(cookie("", 0)).build();
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(AdminGate.COOKIE)
                .value(value)
                .path("/admin")
                .httpOnly(true)
                .secure(config.secureCookies())
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(maxAge)
                .build();
    }
}
