package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.storefront.service.AdminSessions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every admin page and action needs a signed-in session; without one, the visitor is sent to
 * the sign-in page. Admin pages are never cached by browsers or Cloudflare.
 */
public class AdminGate {

    static final String COOKIE = "bakeshop_admin";
    static final String SIGN_IN = "/admin/sign-in";

    /** Who is signed in for this request (set by the filter). */
    @RequestScoped
    public static class CurrentAdmin {
        private String name;

        public String name() {
            return name;
        }

        void set(String name) {
            this.name = name;
        }
    }

    private final AdminSessions sessions;
    private final CurrentAdmin current;

    AdminGate(AdminSessions sessions, CurrentAdmin current) {
        this.sessions = sessions;
        this.current = current;
    }

    static boolean isAdminPath(String path) {
        return path.equals("/admin") || path.startsWith("/admin/");
    }

    @ServerRequestFilter
    public Optional<Response> requireSession(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!isAdminPath(path) || path.equals(SIGN_IN)) {
            return Optional.empty();
        }
        io.vertx.core.http.Cookie cookie = http.getCookie(COOKIE);
        Optional<String> user = sessions.user(cookie == null ? null : cookie.getValue());
        if (user.isPresent()) {
            current.set(user.get());
            return Optional.empty();
        }
        return Optional.of(Response.seeOther(URI.create(SIGN_IN)).header("Cache-Control", "no-store").build());
    }

    @ServerResponseFilter
    public void noStore(ContainerRequestContext request, ContainerResponseContext response) {
        if (isAdminPath(request.getUriInfo().getPath())) {
            response.getHeaders().putSingle("Cache-Control", "no-store");
        }
    }
}
