package com.allthemuchbakeshop.monitoragent.check;

import com.allthemuchbakeshop.monitoragent.check.Observation.Audience;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The website as customers reach it, checked from three places at once and told apart: the
 * storefront inside the network, the same page through the edge proxy, and (when set) the public
 * address through Cloudflare. One observation, "the website", with the likely cause: the
 * storefront failing is a site problem; the edge failing with the storefront fine is the edge
 * proxy; only the public address failing is a tunnel or Cloudflare problem (the Pi is fine).
 */
public class Site {

    public static final String KEY = "site";
    public static final String NAME = "the website";

    /** The cause, in words for the owner and for the developer. */
    public enum Cause {
        SITE("The website itself has stopped answering.", "site problem: the storefront does not answer inside the network"),
        EDGE("The website is running, but the part of the Pi that passes visitors to it has stopped.",
                "site problem: the edge proxy does not answer, the storefront does"),
        TUNNEL("The website is running on the Pi, but the connection between the internet and the Pi (Cloudflare) is broken.",
                "tunnel/Cloudflare problem: the public address fails while the storefront and the edge answer inside");

        public final String plain;
        public final String technical;

        Cause(String plain, String technical) {
            this.plain = plain;
            this.technical = technical;
        }
    }

    private final Http http;
    private final String storefront;
    private final String edge;
    private final Optional<String> publicUrl;
    private final ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "site-check");
        t.setDaemon(true);
        return t;
    });

    public Site(String storefrontUrl, String edgeUrl, Optional<String> publicUrl, Duration timeout) {
        this.http = new Http(timeout);
        this.storefront = storefrontUrl.replaceAll("/+$", "") + "/";
        this.edge = edgeUrl.replaceAll("/+$", "") + "/";
        this.publicUrl = publicUrl.filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", "") + "/");
    }

    public Observation check(String cloudflaredState) {
        return withCloudflared(check(), cloudflaredState);
    }

    /** A failed website observation with cloudflared's own state (its Docker healthcheck) added to its detail. */
    public static Observation withCloudflared(Observation web, String cloudflaredState) {
        if (web.ok() || cloudflaredState == null) {
            return web;
        }
        return new Observation(web.key(), web.name(), web.audience(), false, web.summary(),
                web.detail() + "cloudflared: " + cloudflaredState + "\n", web.millis(), web.confirmed());
    }

    /** The three fetches and the cause. */
    public Observation check() {
        // The three at once: a round waits for the slowest (the edge retries a missing storefront for 5 s), not their sum.
        CompletableFuture<Http.Answer> insideLater = CompletableFuture.supplyAsync(() -> http.get(storefront, null), pool);
        CompletableFuture<Http.Answer> edgeLater = CompletableFuture.supplyAsync(() -> http.get(edge, null), pool);
        Optional<CompletableFuture<Http.Answer>> outsideLater = publicUrl.map(u -> CompletableFuture.supplyAsync(() -> http.get(u, null),
                pool));
        Http.Answer inside = insideLater.join();
        Http.Answer viaEdge = edgeLater.join();
        Optional<Http.Answer> outside = outsideLater.map(CompletableFuture::join);
        StringBuilder detail = new StringBuilder();
        detail.append("storefront ").append(inside.line()).append('\n').append("edge ").append(viaEdge.line()).append('\n');
        outside.ifPresent(a -> detail.append("public ").append(a.line()).append('\n'));
        Cause cause = !inside.ok() ? Cause.SITE : !viaEdge.ok() ? Cause.EDGE
                : outside.isPresent() && !outside.get().ok() ? Cause.TUNNEL : null;
        if (cause == null) {
            return Observation.ok(KEY, NAME, Audience.OWNER, "answering (" + inside.millis() + " ms inside, " + viaEdge.millis()
                    + " ms through the edge" + outside.map(a -> ", " + a.millis() + " ms public").orElse("") + ")", inside.millis());
        }
        return Observation.failed(KEY, NAME, Audience.OWNER, cause.technical, detail.toString(),
                inside.millis());
    }

    /** The cause recorded in a failed observation's summary. */
    public static Cause causeOf(String summary) {
        for (Cause c : Cause.values()) {
            if (summary.equals(c.technical)) {
                return c;
            }
        }
        return Cause.SITE;
    }
}
