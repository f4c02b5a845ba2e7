package com.allthemuchbakeshop.storefront.client;

import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The notifier's internal API: hand over a notification, ask how it went. */
@ApplicationScoped
public class NotifierClient {

    /** The notifier cannot be reached (or is overloaded): try again later. */
    public static class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    /**
     * The notifier is reachable but will not take anything from us (401, 403, 404): a wrong
     * INTERNAL_API_TOKEN or NOTIFIER_URL. Nothing can go out until someone fixes the setting, so
     * the queue waits, as in an outage, but the log says what to fix.
     */
    public static class Misconfigured extends Unavailable {
        public Misconfigured(String message) {
            super(message);
        }
    }

    /**
     * The notifier refused this one notification for good (400, 413, 422): retrying the same data
     * cannot help, and the others must go on.
     */
    public static class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ObjectMapper json;
    private final String base;
    private final String authorization;

    NotifierClient(StorefrontConfig config, ObjectMapper json) {
        this.json = json;
        this.base = config.notifier().url().replaceAll("/+$", "");
        this.authorization = "Bearer " + config.notifier().token();
    }

    /** Hands a notification over; the same key twice is one notification. Returns the notifier's id. */
    public long send(String kind, String idempotencyKey, Map<String, Object> data) throws Unavailable, Refused {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("idempotencyKey", idempotencyKey);
        body.put("data", data);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/notifications"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = call(request);
            int status = response.statusCode();
            if (status == 202) {
                return json.readTree(response.body()).path("id").asLong();
            }
            String answer = "notifier answered " + status + " to " + idempotencyKey + ": " + oneLine(response.body());
            switch (outcome(status)) {
                case REFUSED -> throw new Refused(answer);
                case MISCONFIGURED -> throw new Misconfigured(answer + " (check INTERNAL_API_TOKEN and NOTIFIER_URL)");
                default -> throw new Unavailable(answer);
            }
        } catch (JsonProcessingException e) {
            throw new Unavailable("unreadable answer from the notifier: " + e.getOriginalMessage());
        }
    }

    enum Outcome { REFUSED, MISCONFIGURED, RETRY_LATER }

    /**
     * What an answer other than 202 means for the queue: this one request is bad (refused), our
     * settings are wrong (misconfigured), or the notifier is out or overloaded (5xx, 429, and
     * anything unexpected): try again later.
     */
    static Outcome outcome(int status) {
        return switch (status) {
            case 400, 413, 422 -> Outcome.REFUSED;
            case 401, 403, 404 -> Outcome.MISCONFIGURED;
            default -> Outcome.RETRY_LATER;
        };
    }

    /** "pending", "delivered" or "failed"; empty if the notifier does not know the id. */
    public Optional<String> state(long id) throws Unavailable {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/notifications/" + id))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization)
                .GET()
                .build();
        HttpResponse<String> response = call(request);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new Misconfigured("notifier answered " + response.statusCode() + " (check INTERNAL_API_TOKEN)");
        }
        if (response.statusCode() != 200) {
            throw new Unavailable("notifier answered " + response.statusCode());
        }
        try {
            JsonNode node = json.readTree(response.body());
            return Optional.of(node.path("state").asText());
        } catch (JsonProcessingException e) {
            throw new Unavailable("unreadable answer from the notifier");
        }
    }

    private HttpResponse<String> call(HttpRequest request) throws Unavailable {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("notifier unreachable at " + base + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    private static String oneLine(String s) {
        String line = s == null ? "" : s.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
