package com.allthemuchbakeshop.backupagent.client;

import com.allthemuchbakeshop.backupagent.service.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Takes a service's database snapshot (POST /api/snapshot, the snapshot contract): streamed to a
 * file, its SHA-256 computed on the way and compared with the one the service announced.
 */
public class SnapshotClient {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,60}\\.db");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String token;

    public SnapshotClient(String token) {
        this.token = token;
    }

    /** A snapshot on disk. */
    public record Snapshot(String service, String database, Path file, long bytes, String sha256) {
    }

    /** The service's name (the host of its URL: storefront, notifier), which names its volume on restore. */
    public static String serviceOf(String baseUrl) {
        String host = URI.create(baseUrl).getHost();
        return host == null ? baseUrl : host;
    }

    /** Saves the snapshot of the service at baseUrl into folder/&lt;service&gt;/&lt;database&gt;. */
    public Snapshot take(String baseUrl, Path folder) throws IOException {
        String service = serviceOf(baseUrl);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/api/snapshot"))
                .timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while taking the snapshot of " + service);
        } catch (IOException e) {
            throw new IOException("could not reach " + service + " for its database snapshot (" + e + ")", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                String text = new String(body.readNBytes(2000), StandardCharsets.UTF_8);
                throw new IOException(service + " refused its database snapshot (HTTP " + response.statusCode() + "): " + text);
            }
            String database = response.headers().firstValue("X-Snapshot-Database").orElse("");
            String announced = response.headers().firstValue("X-Snapshot-Sha256").orElse("");
            if (!NAME.matcher(database).matches()) {
                throw new IOException(service + " answered a snapshot without a proper database name: '" + database + "'");
            }
            Path dir = Files.createDirectories(folder.resolve(service));
            Path file = dir.resolve(database);
            MessageDigest digest = Hashing.sha256();
            long bytes = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int n; (n = body.read(buffer)) > 0;) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    bytes += n;
                }
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            if (!sha.equalsIgnoreCase(announced)) {
                Files.deleteIfExists(file);
                throw new IOException("the snapshot of " + database + " from " + service + " arrived damaged (SHA-256 "
                        + sha + ", announced " + announced + ")");
            }
            return new Snapshot(service, database, file, bytes, sha);
        }
    }
}
