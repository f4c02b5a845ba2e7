package com.allthemuchbakeshop.storefront.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The owner (or the developer) in the admin, with her session and CSRF cookies. */
final class AdminSession {

    static final String KATIE_PASSWORD = "correct horse battery staple";
    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    private static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();

    /** Each session is its own client (documentation-range address, only ever a header value). */
    private final String client = "2001:db8:" + Integer.toHexString(0xa000 + CLIENTS.incrementAndGet()) + "::1";
    private String csrfCookie;
    private String token;
    private String session;
    /** The trusted-device cookie, once this browser has signed in (or was given one). */
    String device;

    static AdminSession signedIn() {
        AdminSession s = new AdminSession();
        Response r = s.signIn("katie", KATIE_PASSWORD);
        assertEquals(303, r.statusCode(), r.asString());
        return s;
    }

    Response signIn(String name, String password) {
        open("/admin/sign-in");
        Response r = post("/admin/sign-in", Map.of("name", name, "password", password));
        if (r.getCookie(AdminGate.COOKIE) != null) {
            session = r.getCookie(AdminGate.COOKIE);
        }
        if (r.getCookie(AdminSignInResource.DEVICE_COOKIE) != null) {
            device = r.getCookie(AdminSignInResource.DEVICE_COOKIE);
        }
        return r;
    }

    /** GETs a page and keeps its CSRF token for the next post. */
    Response open(String path) {
        Response r = request().get(path);
        if (r.getCookie("csrf-token") != null) {
            csrfCookie = r.getCookie("csrf-token");
        }
        Matcher m = TOKEN.matcher(r.asString());
        if (m.find()) {
            token = m.group(1);
        }
        return r;
    }

    Response post(String path, Map<String, ?> fields) {
        return request().formParam("csrf-token", token).formParams(fields).post(path);
    }

    Response upload(String path, long productId, File file, String fileName) {
        return request().multiPart("csrf-token", token).multiPart("id", String.valueOf(productId))
                .multiPart("photo", fileName, readAll(file), "image/jpeg").post(path);
    }

    RequestSpecification request() {
        RequestSpecification spec = given().config(RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().defaultContentCharset("UTF-8").appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .redirects().follow(false)
                .header(FormRateLimitFilter.CLIENT_HEADER, client);
        if (csrfCookie != null) {
            spec.cookie("csrf-token", csrfCookie);
        }
        if (session != null) {
            spec.cookie(AdminGate.COOKIE, session);
        }
        if (device != null) {
            spec.cookie(AdminSignInResource.DEVICE_COOKIE, device);
        }
        return spec;
    }

    private static byte[] readAll(File file) {
        try {
            return java.nio.file.Files.readAllBytes(file.toPath());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
