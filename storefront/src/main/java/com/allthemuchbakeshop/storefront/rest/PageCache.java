package com.allthemuchbakeshop.storefront.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * Rendered HTML of pages that are the same for every visitor (no form, no personal data), kept
 * per menu version as UTF-8 bytes and gzipped once: a menu edit makes a new version, so the next
 * request renders afresh. Gzipping per request would cost more than serving the page (behind
 * the edge proxy every visitor's browser asks for gzip).
 */
@ApplicationScoped
public class PageCache {

    private record Entry(long version, byte[] html, byte[] gzipped) {
    }

    private final ConcurrentHashMap<String, Entry> pages = new ConcurrentHashMap<>();

    /** The page as an HTML response, gzipped when the request's Accept-Encoding allows it. */
    public Response get(String page, long version, String acceptEncoding, Supplier<String> render) {
        Entry entry = pages.get(page);
        if (entry == null || entry.version() != version) {
            byte[] html = render.get().getBytes(StandardCharsets.UTF_8);
            entry = new Entry(version, html, gzip(html));
            pages.put(page, entry);
        }
        boolean gzip = acceptsGzip(acceptEncoding);
        Response.ResponseBuilder response = Response.ok(gzip ? entry.gzipped() : entry.html(), SiteResource.HTML_UTF8)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        return gzip ? response.header(HttpHeaders.CONTENT_ENCODING, "gzip").build() : response.build();
    }

    /** Whether an Accept-Encoding header value allows gzip: "gzip" or "*" without q=0 (gzip's own entry wins). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        boolean star = false;
        for (String part : acceptEncoding.split(",")) {
            String[] tokens = part.split(";");
            String coding = tokens[0].trim().toLowerCase(Locale.ROOT);
            boolean allowed = true;
            for (int i = 1; i < tokens.length; i++) {
                String parameter = tokens[i].replace(" ", "").toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    allowed = !parameter.substring(2).matches("0(\\.0{0,3})?");
                }
            }
            if (coding.equals("gzip")) {
                return allowed;
            }
            if (coding.equals("*")) {
                star = allowed;
            }
        }
        return star;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
