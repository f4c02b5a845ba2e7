package com.allthemuchbakeshop.backupagent.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Tells the developer (the notifier's developer-report kind: DEVELOPER_EMAIL, never the owner's phone). */
public class NotifierClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String token;

    public NotifierClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
    }

    /** Hands a report to the notifier's outbox; the key makes a retry of the same report a no-op. */
    public void report(String idempotencyKey, String subject, String message) throws IOException {
        String body = JSON.writeValueAsString(Map.of("kind", "developer-report", "idempotencyKey", idempotencyKey,
                "data", Map.of("subject", subject, "message", message)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/notifications"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IOException("the notifier answered HTTP " + response.statusCode() + ": " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reporting to the notifier");
        }
    }
}
