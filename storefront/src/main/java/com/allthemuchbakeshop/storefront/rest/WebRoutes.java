package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import com.allthemuchbakeshop.storefront.service.PhotoProcessor;
import io.vertx.ext.web.Router;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Routes outside the REST layer: the cap on request bodies, product photos from the photos
 * directory (in production the edge proxy serves them first), and friendly pages for errors the
 * HTTP layer answers itself (a body over the size limit, a path nothing serves).
 *
 * <p>Every body but a photo upload is read here, by Vert.x's body handler, which counts the bytes
 * as they arrive (chunked or not) and answers 413 past {@link #FORM_LIMIT}: no form can make the
 * service buffer more than that. Quarkus REST then reads the form from this buffer. The photo
 * upload streams to a temporary file (Quarkus's multipart parser, no memory threshold), capped
 * by {@code quarkus.http.limits.max-body-size}.
 */
@ApplicationScoped
public class WebRoutes {

    /** Photo names are content-hashed, so a photo at a URL never changes: cache it for a year. */
    static final long PHOTO_MAX_AGE_SECONDS = 365L * 24 * 3600;

    /** Largest body of an ordinary form post. */
    static final long FORM_LIMIT = 64 * 1024;
    static final String PHOTO_UPLOAD = "/admin/product/photo";

    void register(@Observes Router router, StorefrontConfig config) {
        long photoLimit = config.admin().maxPhotoSize().asLongValue() + 256 * 1024; // the photo plus the form around it
        // Before Quarkus's own size check (order -2), so the answer is a page that says what to do.
        router.route().order(-3).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            long limit = PHOTO_UPLOAD.equals(ctx.normalizedPath()) ? photoLimit : FORM_LIMIT;
            long size = parseLength(length);
            if (size > limit) {
                ctx.response().putHeader("Connection", "close");
                String page = PHOTO_UPLOAD.equals(ctx.normalizedPath())
                        ? ErrorPages.Templates.error("That photo is too large",
                                PhotoProcessor.tooLarge(size, config.admin().maxPhotoSize().asLongValue())).render()
                        : ErrorPages.page(413);
                ctx.response().setStatusCode(413).putHeader("Content-Type", "text/html;charset=UTF-8").end(page);
                return;
            }
            ctx.next();
        });
        BodyHandler forms = BodyHandler.create(false).setBodyLimit(FORM_LIMIT).setPreallocateBodyBuffer(false);
        router.route().order(-3).handler(ctx -> {
            HttpMethod method = ctx.request().method();
            if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
                ctx.next();
                return;
            }
            if (PHOTO_UPLOAD.equals(ctx.normalizedPath())) {
                // Browsers send a photo with its Content-Length, checked above; a body that does not
                // say its size could only be counted on disk, so it is not taken at all.
                if (ctx.request().getHeader("Content-Length") == null) {
                    ctx.response().putHeader("Connection", "close").setStatusCode(411)
                            .putHeader("Content-Type", "text/html;charset=UTF-8")
                            .end(ErrorPages.Templates.error("Please try the upload again",
                                    "Your browser did not say how large the photo is. Please upload it again from the "
                                            + "menu page.").render());
                    return;
                }
                ctx.next();
                return;
            }
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() == 413) {
                    ctx.response().putHeader("Connection", "close"); // do not read the rest of a huge body
                }
            });
            forms.handle(ctx);
        });
        StaticHandler photos = StaticHandler.create(FileSystemAccess.ROOT, config.photosDir().toAbsolutePath().normalize().toString())
                .setDirectoryListing(false)
                .setIncludeHidden(false)
                .setCachingEnabled(true)
                .setMaxAgeSeconds(PHOTO_MAX_AGE_SECONDS)
                .setSendVaryHeader(false);
        router.get("/photos/*").handler(ctx -> {
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() == 200) {
                    ctx.response().putHeader("Cache-Control", "public, max-age=" + PHOTO_MAX_AGE_SECONDS + ", immutable");
                }
            });
            ctx.next();
        });
        router.get("/photos/*").handler(photos);
        router.errorHandler(404, ctx -> errorPage(ctx, 404));
        router.errorHandler(413, ctx -> errorPage(ctx, 413));
    }

    private static long parseLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void errorPage(RoutingContext ctx, int status) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/html;charset=UTF-8")
                .end(ErrorPages.page(status));
    }
}
