package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.storefront.config.BakeryConfig;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The one stylesheet: the brand colours from configuration followed by {@code web/site.css}.
 * Its URL carries a hash of the content, so browsers and Cloudflare may keep it for a year.
 */
@Path("/assets/site.css")
@Named("assets")
@ApplicationScoped
public class AssetsResource {

    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?");

    private final String css;
    private final String url;

    AssetsResource(BakeryConfig bakery) {
        BakeryConfig.Brand brand = bakery.brand();
        String theme = ":root{--primary:" + colour(brand.primary(), "BAKERY_BRAND_PRIMARY")
                + ";--accent:" + colour(brand.accent(), "BAKERY_BRAND_ACCENT")
                + ";--background:" + colour(brand.background(), "BAKERY_BRAND_BACKGROUND") + "}\n";
        this.css = theme + read("web/site.css");
        this.url = "/assets/site.css?v=" + hash(css);
    }

    public String stylesheetUrl() {
        return url;
    }

    @GET
    @NonBlocking
    @Produces("text/css;charset=utf-8")
    public Response stylesheet() {
        return Response.ok(css).header("Cache-Control", "public, max-age=31536000, immutable").build();
    }

    private static String colour(String value, String variable) {
        if (!COLOUR.matcher(value).matches()) {
            throw new IllegalArgumentException(variable + " must be a colour like #7a3b2e, not '" + value + "'");
        }
        return value;
    }

    private static String read(String resource) {
        try (InputStream in = AssetsResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
