package com.allthemuchbakeshop.monitoragent.check;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One GET with a time limit: its status, how long it took, or why it failed, in words. */
final class Http {

    /** The outcome: status 0 when there was no answer at all. */
    record Answer(String url, int status, long millis, String problem) {
        boolean ok() {
            return problem == null;
        }

        String line() {
            return url + ": " + (ok() ? "HTTP " + status + " in " + millis + " ms" : problem);
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    Http(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** GETs url; a 2xx or 3xx answer within the time limit passes. At most 64 kB of the body is read. */
    Answer get(String url, String token) {
        long t = System.nanoTime();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                    .header("User-Agent", "bakeshop-monitor");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                body.readNBytes(64 * 1024);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
            int status = response.statusCode();
            return new Answer(url, status, ms, status < 400 ? null : "answered HTTP " + status + " (" + ms + " ms)");
        } catch (HttpTimeoutException e) {
            return new Answer(url, 0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t), "no answer within "
                    + timeout.toSeconds() + " s");
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof java.net.ConnectException) {
                why = "connection refused or unreachable";
            }
            return new Answer(url, 0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t), "cannot be reached: " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(url, 0, 0, "interrupted");
        } catch (IllegalArgumentException e) {
            return new Answer(url, 0, 0, "not a valid address: " + e.getMessage());
        }
    }

    /** The body of a GET as text (small JSON answers), or null with the problem in the answer. */
    String text(String url, String token, StringBuilder problem) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return r.body();
            }
            problem.append("HTTP ").append(r.statusCode());
            return null;
        } catch (IOException e) {
            problem.append("cannot be reached: ").append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem.append("interrupted");
            return null;
        }
    }
}
