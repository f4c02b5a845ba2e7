package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import com.allthemuchbakeshop.storefront.service.ClientAddressResolver;
import com.allthemuchbakeshop.storefront.service.RateLimiter;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Limits form posts (orders, sign-ups) per client, so one script cannot flood the owner's
 * inbox, and looks at order thank-you pages (which show what the customer asked for) so nobody
 * can walk through references. Cloudflare's rate-limiting rule is the first line; this one also
 * holds without it.
 */
@ApplicationScoped
public class FormRateLimitFilter {

    private static final Logger LOG = Logger.getLogger(FormRateLimitFilter.class);
    static final String CLIENT_HEADER = "CF-Connecting-IP";

    /** Thank-you pages a client may open per window: a customer reloads hers a few times, a script walks thousands. */
    static final int THANKS_PAGES_PER_WINDOW = 30;
    static final String THANKS_PATH = "/order/thanks/";

    private final RateLimiter limiter;
    private final RateLimiter thanksPages;
    private final ClientAddressResolver clients;

    FormRateLimitFilter(StorefrontConfig config, ClientAddressResolver clients) {
        this.limiter = new RateLimiter(config.rateLimit().formPosts(), config.rateLimit().window(), System::nanoTime);
        this.thanksPages = new RateLimiter(THANKS_PAGES_PER_WINDOW, config.rateLimit().window(), System::nanoTime);
        this.clients = clients;
    }

    /** Forgets quiet clients on the scheduler's thread, never on a request's. */
    @Scheduled(every = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        limiter.sweep();
        thanksPages.sweep();
    }

    /** The client's address as far as we can trust it (see {@link ClientAddressResolver}). */
    static String client(ClientAddressResolver clients, HttpServerRequest http) {
        String peer = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        return clients.resolve(peer, http.getHeader(CLIENT_HEADER));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        boolean thanks = "GET".equals(request.getMethod()) && path.startsWith(THANKS_PATH);
        // The admin has its own protection: sessions, and a sign-in throttle per client.
        if (!thanks && (!"POST".equals(request.getMethod()) || AdminGate.isAdminPath(path))) {
            return Optional.empty();
        }
        String client = ClientAddressResolver.rateLimitKey(client(clients, http));
        RateLimiter which = thanks ? thanksPages : limiter;
        if (which.tryAcquire(client)) {
            return Optional.empty();
        }
        LOG.warnf("Rate limit reached for a client on %s", request.getUriInfo().getPath());
        return Optional.of(Response.status(429)
                .header("Retry-After", which.retryAfterSeconds(client))
                .type(ErrorPages.HTML)
                .entity(ErrorPages.page(429))
                .build());
    }
}
