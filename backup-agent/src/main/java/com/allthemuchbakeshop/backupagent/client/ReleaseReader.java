package com.allthemuchbakeshop.backupagent.client;

import com.allthemuchbakeshop.backupagent.Manifest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The release that is running: the project directory's git commit (read from .git without a git
 * program) and, through the read-only Docker API, every service's image reference, ID and digests.
 * What cannot be read is said in the note; it never stops a backup (the data matters more).
 */
public class ReleaseReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path project;
    private final Optional<String> dockerUrl;

    public ReleaseReader(Path project, Optional<String> dockerUrl) {
        this.project = project;
        this.dockerUrl = dockerUrl.map(u -> u.replaceAll("/+$", ""));
    }

    public Manifest.Release read() {
        List<String> notes = new ArrayList<>();
        String commit = commit(notes);
        List<Manifest.Image> images = images(notes);
        return new Manifest.Release(commit, images, String.join("; ", notes));
    }

    private String commit(List<String> notes) {
        Path git = project.resolve(".git");
        try {
            if (!Files.isDirectory(git)) {
                notes.add("no git repository in the project directory");
                return "unknown";
            }
            String head = Files.readString(git.resolve("HEAD")).strip();
            if (SHA.matcher(head).matches()) {
                return head;
            }
            if (head.startsWith("ref: ")) {
                String ref = head.substring(5).strip();
                Path loose = git.resolve(ref);
                if (Files.isRegularFile(loose)) {
                    return Files.readString(loose).strip();
                }
                Path packed = git.resolve("packed-refs");
                if (Files.isRegularFile(packed)) {
                    for (String line : Files.readAllLines(packed)) {
                        if (line.endsWith(" " + ref)) {
                            return line.substring(0, line.indexOf(' '));
                        }
                    }
                }
            }
            notes.add("the git commit could not be read from " + git);
        } catch (IOException e) {
            notes.add("the git commit could not be read: " + e.getMessage());
        }
        return "unknown";
    }

    private List<Manifest.Image> images(List<String> notes) {
        List<Manifest.Image> images = new ArrayList<>();
        if (dockerUrl.isEmpty()) {
            notes.add("images not recorded (no Docker API configured)");
            return images;
        }
        try {
            // The agent's own compose project: its container's ID begins with its host name.
            JsonNode all = get("/containers/json");
            String self = System.getenv().getOrDefault("HOSTNAME", "-");
            String composeProject = null;
            for (JsonNode c : all) {
                if (c.path("Id").asText().startsWith(self)) {
                    composeProject = c.path("Labels").path("com.docker.compose.project").asText(null);
                }
            }
            if (composeProject == null) {
                notes.add("images not recorded: the agent's own container (" + self + ") is not in the Docker API's list");
                return images;
            }
            String filter = URLEncoder.encode("{\"label\":[\"com.docker.compose.project=" + composeProject + "\"]}",
                    StandardCharsets.UTF_8);
            JsonNode containers = get("/containers/json?filters=" + filter);
            Map<String, List<String>> digests = new HashMap<>();
            for (JsonNode image : get("/images/json")) {
                List<String> list = new ArrayList<>();
                image.path("RepoDigests").forEach(d -> list.add(d.asText()));
                digests.put(image.path("Id").asText(), list);
            }
            for (JsonNode c : containers) {
                String service = c.path("Labels").path("com.docker.compose.service").asText("");
                String id = c.path("ImageID").asText("");
                images.add(new Manifest.Image(service, c.path("Image").asText(""), id, digests.getOrDefault(id, List.of())));
            }
            images.sort((a, b) -> a.service().compareTo(b.service()));
        } catch (IOException e) {
            notes.add("images not recorded: " + e.getMessage());
        }
        return images;
    }

    private JsonNode get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(dockerUrl.orElseThrow() + path)).timeout(Duration.ofSeconds(20))
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("the Docker API answered HTTP " + response.statusCode() + " to " + path);
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw new IOException("the Docker API at " + dockerUrl.orElseThrow() + " could not be read (" + e.getMessage() + ")", e);
        }
    }
}
