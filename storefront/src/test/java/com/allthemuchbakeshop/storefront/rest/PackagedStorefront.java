package com.allthemuchbakeshop.storefront.rest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The settings the integration tests start the packaged storefront with (the local mode, data in a test folder). */
final class PackagedStorefront {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

    private PackagedStorefront() {
    }

    /** On this port, its database and photos under data, the sample menu, plain-http cookies; add to it as needed. */
    static Map<String, String> settings(int port, Path data, String notifierUrl, String token) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("STOREFRONT_DATA_DIR", data.resolve("storefront").toString());
        env.put("STOREFRONT_PHOTOS_DIR", data.resolve("photos").toString());
        env.put("STOREFRONT_SAMPLE_MENU", "true");
        env.put("STOREFRONT_SECURE_COOKIES", "false");
        env.put("NOTIFIER_URL", notifierUrl);
        env.put("INTERNAL_API_TOKEN", token);
        return env;
    }
}
