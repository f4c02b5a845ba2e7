package com.allthemuchbakeshop.notifier;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server speaking the contract of Twilio's Messages API: POST
 * /2010-04-01/Accounts/{sid}/Messages.json, form fields To/From/Body, basic auth sid:token;
 * 201 with a message resource, 401 for bad credentials, 400 with Twilio's error JSON for an
 * invalid "To" number (code 21211). A body containing "FLAKY" gets 503 the first two times.
 */
public class FakeTwilio implements QuarkusTestResourceLifecycleManager {

    static final String SID = "AC0123456789abcdef0123456789abcdef";
    static final String TOKEN = "fake-auth-token-0123456789";
    static final List<Map<String, String>> ACCEPTED = new CopyOnWriteArrayList<>();
    static final AtomicInteger REQUESTS = new AtomicInteger();
    private static final AtomicInteger FLAKY = new AtomicInteger();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/2010-04-01/Accounts/" + SID + "/Messages.json", exchange -> {
            REQUESTS.incrementAndGet();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
            Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status;
            String body;
            if (!"POST".equals(exchange.getRequestMethod()) || !expected.equals(auth)) {
                status = 401;
                body = "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}";
            } else if (!form.getOrDefault("To", "").matches("\\+[1-9][0-9]{7,14}")) {
                status = 400;
                body = "{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\",\"status\":400}";
            } else if (form.getOrDefault("Body", "").contains("FLAKY") && FLAKY.incrementAndGet() <= 2) {
                status = 503;
                body = "{\"code\":20500,\"message\":\"Service unavailable\",\"status\":503}";
            } else {
                ACCEPTED.add(form);
                status = 201;
                body = "{\"sid\":\"SM" + "0".repeat(32) + "\",\"status\":\"queued\",\"to\":\"" + form.get("To") + "\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("notifier.twilio.base-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
