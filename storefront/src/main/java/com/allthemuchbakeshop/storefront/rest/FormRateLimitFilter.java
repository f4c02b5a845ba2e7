package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import com.allthemuchbakeshop.storefront.service.ClientAddressResolver;
import com.allthemuchbakeshop.storefront.service.RateLimiter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Limits form posts (orders, sign-ups) per client, so one script cannot flood the owner's
 * inbox. Cloudflare's rate-limiting rule is the first line; this one also holds without it.
 */
@ApplicationScoped
public class FormRateLimitFilter {

    private static final Logger LOG = Logger.getLogger(FormRateLimitFilter.class);
    static final String CLIENT_HEADER = "CF-Connecting-IP";

    private final RateLimiter limiter;
    private final ClientAddressResolver clients;

    FormRateLimitFilter(StorefrontConfig config, ClientAddressResolver clients) {
        this.limiter = new RateLimiter(config.rateLimit().formPosts(), config.rateLimit().window(), System::nanoTime);
        this.clients = clients;
    }

    /** The client's address as far as we can trust it (see {@link ClientAddressResolver}). */
    static String client(ClientAddressResolver clients, HttpServerRequest http) {
        String peer = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        return clients.resolve(peer, http.getHeader(CLIENT_HEADER));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request, HttpServerRequest http) {
        // The admin has its own protection: sessions, and a sign-in throttle with lockout.
        if (!"POST".equals(request.getMethod()) || AdminGate.isAdminPath(request.getUriInfo().getPath())) {
            return Optional.empty();
        }
        String client = ClientAddressResolver.rateLimitKey(client(clients, http));
        if (limiter.tryAcquire(client)) {
            return Optional.empty();
        }
        LOG.warnf("Rate limit reached for a client on %s", request.getUriInfo().getPath());
        return Optional.of(Response.status(429)
                .header("Retry-After", limiter.retryAfterSeconds(client))
                .type(ErrorPages.HTML)
                .entity(ErrorPages.page(429))
                .build());
    }
}
