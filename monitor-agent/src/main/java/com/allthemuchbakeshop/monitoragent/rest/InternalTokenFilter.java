package com.allthemuchbakeshop.monitoragent.rest;

import com.allthemuchbakeshop.monitoragent.config.MonitorConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every /api call must carry "Authorization: Bearer INTERNAL_API_TOKEN" (compared in constant time). */
public class InternalTokenFilter {

    private final byte[] expected;

    InternalTokenFilter(MonitorConfig config) {
        this.expected = ("Bearer " + config.internalApiToken()).getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api")) {
            return Optional.empty();
        }
        String header = request.getHeaderString("Authorization");
        byte[] given = (header == null ? "" : header).getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(given, expected)) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("message", "missing or wrong internal API token")).build());
    }
}
