package com.allthemuchbakeshop.monitoragent.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One request with a time limit: its status, how long it took, or why it failed, in words.
 * HttpURLConnection rather than java.net.http.HttpClient: a plain-http call then never loads TLS
 * and its certificate store, and no selector thread waits per client (about 10 MB less for an
 * agent that sits idle almost all the time; monitor-agent/bench/alert.sh).
 */
public final class Http {

    /** The outcome: status 0 when there was no answer at all; body only for text(). */
    public record Answer(String url, int status, long millis, String problem, String body) {
        public boolean ok() {
            return problem == null;
        }

        String line() {
            return url + ": " + (ok() ? "HTTP " + status + " in " + millis + " ms" : problem);
        }
    }

    private final int timeoutMillis;
    private final Duration timeout;

    public Http(Duration timeout) {
        this.timeout = timeout;
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /** GETs url; a 2xx or 3xx answer within the time limit passes. At most 64 kB of the body is read. */
    public Answer get(String url, String token) {
        return call("GET", url, token, null, 64 * 1024, false);
    }

    /** GETs url and keeps the body (small JSON answers); only 200 passes. */
    public Answer text(String url, String token) {
        return call("GET", url, token, null, 1024 * 1024, true);
    }

    /** POSTs a JSON body; keeps the answer's body. */
    public Answer post(String url, String token, String json) {
        return call("POST", url, token, json, 64 * 1024, true);
    }

    private Answer call(String method, String url, String token, String json, int maxBody, boolean keepBody) {
        long t = System.nanoTime();
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestProperty("User-Agent", "bakeshop-monitor");
            if (token != null) {
                c.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (json != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                byte[] b = json.getBytes(StandardCharsets.UTF_8);
                c.setFixedLengthStreamingMode(b.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(b);
                }
            }
            int status = c.getResponseCode();
            String body;
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                byte[] read = in == null ? new byte[0] : in.readNBytes(maxBody);
                body = keepBody ? new String(read, StandardCharsets.UTF_8) : null;
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
            boolean passed = keepBody && "GET".equals(method) ? status == 200 : status < 400;
            return new Answer(url, status, ms, passed ? null : "answered HTTP " + status + " (" + ms + " ms)", body);
        } catch (SocketTimeoutException e) {
            return failed(url, t, "no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return failed(url, t, "cannot be reached: connection refused or unreachable");
        } catch (UnknownHostException e) {
            return failed(url, t, "cannot be reached: no such host " + e.getMessage());
        } catch (IOException e) {
            return failed(url, t, "cannot be reached: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (IllegalArgumentException e) {
            return failed(url, t, "not a valid address: " + e.getMessage());
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static Answer failed(String url, long since, String problem) {
        return new Answer(url, 0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since), problem, null);
    }
}
