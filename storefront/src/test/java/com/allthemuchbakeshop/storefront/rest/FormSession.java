package com.allthemuchbakeshop.storefront.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A visitor with a browser's habits: loads a page with a form, keeps its CSRF cookie and token,
 * and posts the form back. Each session speaks as its own client address (through the trusted
 * proxy header), so one test's posts never use up another test's rate limit.
 */
final class FormSession {

    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");
    private static final Pattern SUBMISSION = Pattern.compile("name=\"submission\" value=\"([^\"]+)\"");

    /** Documentation-range addresses, each in its own /64 (rate limits count a /64 as one client). */
    final String clientAddress = "2001:db8:" + Integer.toHexString(0x1000 + CLIENTS.incrementAndGet()) + "::1";
    private String cookie;
    private String token;
    private String submission;

    /** Loads a page that has a form, as a browser would before posting. */
    Response open(String path) {
        Response page = given().header(FormRateLimitFilter.CLIENT_HEADER, clientAddress).get(path);
        assertEquals(200, page.statusCode(), "GET " + path);
        String html = page.asString();
        if (page.getCookie("csrf-token") != null) {
            cookie = page.getCookie("csrf-token");
        }
        token = find(TOKEN, html);
        submission = find(SUBMISSION, html);
        return page;
    }

    String submission() {
        return submission;
    }

    /** Posts form fields with the CSRF cookie and token (and the order form's submission id). */
    Response post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.putIfAbsent("csrf-token", token);
        if (submission != null) {
            all.putIfAbsent("submission", submission);
        }
        return request().formParams(all).post(path);
    }

    /** A request from this client carrying its CSRF cookie, for posts built by hand. */
    RequestSpecification request() {
        // Browsers send forms as UTF-8 without a charset parameter; RestAssured would add ISO-8859-1.
        return given().config(RestAssured.config().encoderConfig(
                        EncoderConfig.encoderConfig().defaultContentCharset("UTF-8").appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .redirects().follow(false)
                .header(FormRateLimitFilter.CLIENT_HEADER, clientAddress)
                .cookie("csrf-token", cookie);
    }

    String token() {
        return token;
    }

    private static String find(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        return m.find() ? m.group(1) : null;
    }
}
