package com.allthemuchbakeshop.deployhook.service;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the hook asks of the Docker engine, through docker-java and the socket: the compose
 * project's containers, their health, pulls, stops, image clean-up, and one-off helper
 * containers that run a command on the host (the host's own docker-compose, so compose stays
 * the source of truth for how each container is made).
 */
public class Engine implements AutoCloseable {

    public static final String PROJECT = "com.docker.compose.project";
    public static final String SERVICE = "com.docker.compose.service";
    public static final String WORKING_DIR = "com.docker.compose.project.working_dir";
    public static final String CONFIG_FILES = "com.docker.compose.project.config_files";
    public static final String ENV_FILE = "com.docker.compose.project.environment_file";

    /** One container's state as a deploy sees it. */
    public record State(String id, String name, String image, String imageId, boolean running, String health, int restarts) {
        public boolean healthy() {
            return running && ("healthy".equals(health) || health == null);
        }
    }

    /** How a helper command ended: exit code and its output. */
    public record Run(int exitCode, String output) {
    }

    private final DockerClient docker;

    public Engine(String host) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host)
                .withDockerTlsVerify(false).build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(host)).maxConnections(8)
                .connectionTimeout(Duration.ofSeconds(5)).build();
        docker = DockerClientImpl.getInstance(config, http);
    }

    /** This hook's own container (its id is the hostname Docker gives it). */
    public InspectContainerResponse self() {
        String id = Optional.ofNullable(System.getenv("HOSTNAME")).orElseThrow(() -> new IllegalStateException("HOSTNAME is not set"));
        return docker.inspectContainerCmd(id).exec();
    }

    /** The container's address on a network this hook is on too (the compose project's internal network); empty when none. */
    public Optional<String> addressFromHere(String id) {
        try {
            var ours = self().getNetworkSettings().getNetworks().keySet();
            return docker.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks().entrySet().stream()
                    .filter(n -> ours.contains(n.getKey())).map(n -> n.getValue().getIpAddress())
                    .filter(ip -> ip != null && !ip.isEmpty()).sorted().findFirst();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The service's containers in the project, running or not, oldest first. */
    public List<State> containers(String project, String service) {
        List<Container> list = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(PROJECT, project, SERVICE, service)).exec();
        List<State> out = new ArrayList<>();
        list.stream().sorted(Comparator.comparing(Container::getCreated)).forEach(c -> state(c.getId()).ifPresent(out::add));
        return out;
    }

    public Optional<State> state(String id) {
        try {
            InspectContainerResponse i = docker.inspectContainerCmd(id).exec();
            InspectContainerResponse.ContainerState s = i.getState();
            String health = s.getHealth() == null ? null : s.getHealth().getStatus();
            return Optional.of(new State(i.getId(), i.getName().replaceFirst("^/", ""), i.getConfig().getImage(), i.getImageId(),
                    Boolean.TRUE.equals(s.getRunning()), health, i.getRestartCount() == null ? 0 : i.getRestartCount()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** How long the container's own healthcheck may take to call it healthy, plus a margin; 3 minutes without one. */
    public Duration readyDeadline(String id) {
        HealthCheck h = docker.inspectContainerCmd(id).exec().getConfig().getHealthcheck();
        if (h == null || h.getInterval() == null) {
            return Duration.ofMinutes(3);
        }
        long interval = h.getInterval();
        long timeout = h.getTimeout() == null ? 0 : h.getTimeout();
        long start = h.getStartPeriod() == null ? 0 : h.getStartPeriod();
        int retries = h.getRetries() == null ? 3 : h.getRetries();
        return Duration.ofNanos(start + (interval + timeout) * retries).plusSeconds(30);
    }

    /** The image's ID when it is on this host. */
    public Optional<String> imageId(String reference) {
        try {
            return Optional.of(docker.inspectImageCmd(reference).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Pulls reference (repo:tag or repo@sha256:…) and answers its image ID. */
    public String pull(String reference, Duration timeout) throws InterruptedException {
        int at = reference.indexOf('@');
        int colon = reference.lastIndexOf(':');
        String repository;
        String tag;
        if (at > 0) {
            repository = reference.substring(0, at);
            tag = reference.substring(at + 1);
        } else if (colon > reference.lastIndexOf('/')) {
            repository = reference.substring(0, colon);
            tag = reference.substring(colon + 1);
        } else {
            repository = reference;
            tag = "latest";
        }
        if (!docker.pullImageCmd(repository).withTag(tag).exec(new PullImageResultCallback()).awaitCompletion(timeout.toSeconds(),
                TimeUnit.SECONDS)) {
            throw new IllegalStateException("the pull of " + reference + " took longer than " + timeout.toMinutes() + " minutes");
        }
        return imageId(reference).orElseThrow(() -> new IllegalStateException("pulled " + reference + " but the engine does not have it"));
    }

    /** Points repository:tag at an image ID (a rollback to an image whose tag has moved). */
    public void tag(String imageId, String reference) {
        int colon = reference.lastIndexOf(':');
        docker.tagImageCmd(imageId, reference.substring(0, colon), reference.substring(colon + 1)).withForce().exec();
    }

    /** Stops with a grace period (SIGTERM, then SIGKILL after it), then removes. Gone already is fine. */
    public void stopAndRemove(String id, Duration grace) {
        try {
            docker.stopContainerCmd(id).withTimeout((int) grace.toSeconds()).exec();
        } catch (NotFoundException e) {
            return;
        } catch (com.github.dockerjava.api.exception.NotModifiedException e) {
            // stopped already
        }
        try {
            docker.removeContainerCmd(id).withRemoveVolumes(false).exec();
        } catch (NotFoundException e) {
            // removed already
        }
    }

    /** Free space of Docker's data directory on the host, in MB (through a helper: the hook sees no host filesystem). */
    public long freeDiskMb(String helperImage) throws InterruptedException {
        String root = docker.infoCmd().exec().getDockerRootDir();
        Run r = onHost(helperImage, "df -Pk " + Shell.quote(root == null ? "/var/lib/docker" : root) + " | tail -1", Duration.ofMinutes(1), s -> {
        });
        String[] f = r.output().trim().split("\\s+");
        if (r.exitCode() != 0 || f.length < 4) {
            throw new IllegalStateException("could not read the free disk space: " + r.output().trim());
        }
        return Long.parseLong(f[3]) / 1024;
    }

    /**
     * Runs a shell command on the host: a one-off container of the hook's own image with the host's
     * root filesystem mounted, chrooted into it (what the Docker socket allows anyway; nothing
     * else gets this). Its output goes to lines as it comes; answers the exit code and the output.
     */
    public Run onHost(String helperImage, String command, Duration timeout, Consumer<String> lines) throws InterruptedException {
        return helper(helperImage, command, timeout, lines, HostConfig.newHostConfig().withNetworkMode("none"));
    }

    /**
     * Takes a container out of rotation: new TCP connections to its port are refused (a reset,
     * on which the edge's dialer goes straight to the service's other address), while those it
     * has go on. A firewall rule in the container's own network namespace, set with the host's
     * iptables by a helper that shares that namespace with NET_ADMIN only. Stopping it then
     * closes a listener nobody is connecting to: closed while connections were arriving, the
     * kernel resets those it had accepted but the app had not yet, and a POST among them fails.
     */
    public Run refuseNewConnections(String helperImage, String containerId, int port) throws InterruptedException {
        try {
            return helper(helperImage, "PATH=/usr/sbin:/usr/bin:/sbin:/bin iptables -w 5 -I INPUT -p tcp --dport " + port
                    + " --syn -j REJECT --reject-with tcp-reset", Duration.ofSeconds(30), line -> {
                    }, HostConfig.newHostConfig().withNetworkMode("container:" + containerId).withCapAdd(Capability.NET_ADMIN));
        } catch (DockerException e) { // e.g. it has exited already: no network namespace to share
            return new Run(-1, String.valueOf(e.getMessage()));
        }
    }

    private Run helper(String helperImage, String command, Duration timeout, Consumer<String> lines, HostConfig hostConfig)
            throws InterruptedException {
        String id = docker.createContainerCmd(helperImage).withUser("0:0").withEntrypoint("/usr/local/bin/busybox")
                .withCmd("chroot", "/host", "/bin/sh", "-c", command).withLabels(Map.of("bakeshop.deploy-hook.helper", "true"))
                .withHostConfig(hostConfig.withBinds(Bind.parse("/:/host"))
                        .withLogConfig(new com.github.dockerjava.api.model.LogConfig(
                                com.github.dockerjava.api.model.LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "1m"))))
                .exec().getId();
        StringBuilder all = new StringBuilder();
        try {
            docker.startContainerCmd(id).exec();
            StringBuilder partial = new StringBuilder();
            ResultCallback.Adapter<Frame> follow = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            partial.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            int nl;
                            while ((nl = partial.indexOf("\n")) >= 0) {
                                String line = partial.substring(0, nl);
                                partial.delete(0, nl + 1);
                                synchronized (all) {
                                    if (all.length() < 256 * 1024) {
                                        all.append(line).append('\n');
                                    }
                                }
                                lines.accept(line);
                            }
                        }
                    });
            Integer code = docker.waitContainerCmd(id).start().awaitStatusCode(timeout.toSeconds(), TimeUnit.SECONDS);
            follow.awaitCompletion(10, TimeUnit.SECONDS);
            if (partial.length() > 0) {
                lines.accept(partial.toString());
                all.append(partial);
            }
            return new Run(code == null ? -1 : code, all.toString());
        } catch (com.github.dockerjava.api.exception.DockerClientException e) {
            return new Run(-1, all + "\n" + e.getMessage());
        } finally {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException e) {
                // gone
            }
        }
    }

    /**
     * Removes the service's older images in repository, keeping the newest `keep` and any a
     * container uses; answers what was removed. Untags by reference (only this repository's
     * names), so an image that other names still point at stays.
     */
    public List<String> prune(String repository, int keep) {
        java.util.Set<String> inUse = new java.util.HashSet<>();
        docker.listContainersCmd().withShowAll(true).exec().forEach(c -> inUse.add(c.getImageId()));
        List<Image> mine = docker.listImagesCmd().exec().stream().filter(i -> names(i, repository).findAny().isPresent())
                .sorted(Comparator.comparing(Image::getCreated).reversed()).toList();
        List<String> removed = new ArrayList<>();
        long used = mine.stream().filter(i -> inUse.contains(i.getId())).count();
        long spare = Math.max(0, keep - used); // the newest unused ones kept beside those in use
        for (Image i : mine) {
            if (inUse.contains(i.getId())) {
                continue;
            }
            if (spare > 0) {
                spare--;
                continue;
            }
            for (String name : names(i, repository).toList()) {
                try {
                    docker.removeImageCmd(name).withNoPrune(false).exec();
                    removed.add(name);
                } catch (NotFoundException | ConflictException e) {
                    // in use after all, or gone
                }
            }
        }
        return removed;
    }

    private static java.util.stream.Stream<String> names(Image i, String repository) {
        java.util.stream.Stream<String> tags = i.getRepoTags() == null ? java.util.stream.Stream.empty() : java.util.Arrays.stream(i.getRepoTags());
        java.util.stream.Stream<String> digests = i.getRepoDigests() == null ? java.util.stream.Stream.empty()
                : java.util.Arrays.stream(i.getRepoDigests());
        return java.util.stream.Stream.concat(tags, digests).filter(n -> n.startsWith(repository + ":") || n.startsWith(repository + "@"));
    }

    @Override
    public void close() throws Exception {
        docker.close();
    }
}
