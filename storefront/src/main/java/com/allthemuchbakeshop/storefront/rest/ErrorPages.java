package com.allthemuchbakeshop.storefront.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every error a visitor can meet gets a friendly page in the site's look, never a stack trace,
 * framework name or internal address. Unexpected errors are logged with an id the page shows.
 */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);
    static final MediaType HTML = MediaType.valueOf("text/html;charset=UTF-8");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(String title, String message);
    }

    /** Title and message for a status, in the customer's words. */
    static String[] wording(int status) {
        return switch (status) {
            case 400 -> new String[] { "Please try that again",
                    "Your form may have expired or arrived incomplete. Please go back, reload the page and send it again." };
            case 404 -> new String[] { "Page not found",
                    "We could not find that page. It may have moved; the menu and order form are a click away." };
            case 405 -> new String[] { "Not allowed", "That page cannot be used this way." };
            case 413 -> new String[] { "That was too much to send",
                    "What you sent is larger than we accept. Please shorten it and try again." };
            case 415 -> new String[] { "Please use the form", "We could not read what was sent. Please use the form on our site." };
            case 429 -> new String[] { "Please slow down",
                    "We received a lot from you in a short time. Please wait a few minutes and try again, or call us." };
            default -> status >= 500
                    ? new String[] { "Something went wrong on our side",
                            "Sorry! Please try again in a minute. If it keeps happening, please call us." }
                    : new String[] { "Please try that again", "We could not handle that request." };
        };
    }

    static String page(int status) {
        String[] words = wording(status);
        return Templates.error(words[0], words[1]).render();
    }


    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e) {
        return Response.status(e.getResponse().getStatus()).type(HTML).entity(page(e.getResponse().getStatus())).build();
    }

    @ServerExceptionMapper
    public Response mapUnexpected(Throwable e) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "Unexpected error %s", id);
        String[] words = wording(500);
        return Response.serverError().type(HTML)
                .entity(Templates.error(words[0], words[1] + " (Error reference: " + id + ")").render())
                .build();
    }

    /** Filters such as the CSRF check answer with an empty error; give those the page too. */
    @ServerResponseFilter
    public void fillEmptyErrors(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() >= 400 && !response.hasEntity()) {
            response.setEntity(page(response.getStatus()), null, HTML);
        }
    }
}
