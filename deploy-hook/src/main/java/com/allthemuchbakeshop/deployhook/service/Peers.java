package com.allthemuchbakeshop.deployhook.service;

import com.allthemuchbakeshop.deployhook.config.DeployConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The other services a deploy talks to: the monitor (maintenance windows), the backup-agent, the notifier. */
public class Peers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DeployConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Peers(DeployConfig config) {
        this.config = config;
    }

    /** Opens a maintenance window on the monitor (no alerts while the deploy runs); answers its id. */
    public long openMaintenance(int minutes, String reason) throws IOException, InterruptedException {
        JsonNode n = post(config.monitorUrl() + "/api/maintenance", Map.of("minutes", minutes, "reason", reason), Duration.ofSeconds(10), 201);
        return n.path("id").asLong();
    }

    public void endMaintenance(long id) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(config.monitorUrl() + "/api/maintenance/" + id)).DELETE(), Duration.ofSeconds(10), 204);
    }

    /** Takes a backup and waits until it is verified; answers its id. Anything else is an IOException saying why. */
    public String backup(String reason) throws IOException, InterruptedException {
        JsonNode n = post(config.backupAgentUrl() + "/api/backups", Map.of("reason", reason), Duration.ofMinutes(20), 200);
        return n.path("id").asText();
    }

    /** A report to Gerell through the notifier (kind developer-report); false when the notifier did not take it. */
    public boolean tellDeveloper(String key, String subject, String message) {
        try {
            post(config.notifierUrl() + "/api/notifications", Map.of("kind", "developer-report", "idempotencyKey", key,
                    "data", Map.of("subject", subject, "message", message)), Duration.ofSeconds(10), 202);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A container's Prometheus metrics page (GET url, no token: the page is open on the internal network). */
    public String metrics(String url) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
            throw new IOException(url + " did not answer");
        }
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered HTTP " + r.statusCode());
        }
        return r.body();
    }

    private JsonNode post(String url, Object body, Duration timeout, int expected) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), timeout, expected);
    }

    private JsonNode send(HttpRequest.Builder request, Duration timeout, int expected) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(request.timeout(timeout).header("Authorization", "Bearer " + config.internalApiToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException(request.build().uri().getHost() + " cannot be reached");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException(request.build().uri().getHost() + " did not answer within " + timeout.toSeconds() + " s");
        }
        if (r.statusCode() != expected) {
            String why = Optional.ofNullable(r.body()).filter(b -> !b.isBlank()).map(Peers::message).orElse("");
            throw new IOException(request.build().uri().getHost() + " answered HTTP " + r.statusCode() + (why.isEmpty() ? "" : ": " + why));
        }
        return r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private static String message(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            for (String field : new String[] {"message", "problem", "error"}) {
                if (n.hasNonNull(field)) {
                    return n.get(field).asText();
                }
            }
            return n.toString().length() > 300 ? n.toString().substring(0, 300) : n.toString();
        } catch (IOException e) {
            return body.length() > 300 ? body.substring(0, 300) : body;
        }
    }
}
