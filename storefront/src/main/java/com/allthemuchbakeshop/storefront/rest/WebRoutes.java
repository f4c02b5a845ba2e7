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
 * <p>Every body is read here, by Vert.x's body handler, which counts the bytes as they arrive
 * (chunked or not) and answers 413 past the limit: {@link #FORM_LIMIT} for every form, the photo
 * limit for the photo upload, whose file is streamed to a temporary file, never held in memory.
 * A body that says its size up front is refused before it is read. Quarkus REST then reads the
 * form from what this handler kept.
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
        // The photo: streamed to a temporary file (never held in memory), counted as it arrives too.
        BodyHandler photoUpload = BodyHandler.create(uploadsDirectory()).setBodyLimit(photoLimit)
                .setDeleteUploadedFilesOnEnd(true).setPreallocateBodyBuffer(false);
        router.route().order(-3).handler(ctx -> {
            HttpMethod method = ctx.request().method();
            if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
                ctx.next();
                return;
            }
            if (PHOTO_UPLOAD.equals(ctx.normalizedPath())) {
                // The rest of a too-large photo is read and dropped (nothing is kept), so the owner's
                // browser, still sending, gets the page that says what to do rather than a reset.
                ctx.put(PHOTO_LIMIT_KEY, Boolean.TRUE);
                photoUpload.handle(ctx);
            } else {
                ctx.addHeadersEndHandler(v -> {
                    if (ctx.response().getStatusCode() == 413) {
                        ctx.response().putHeader("Connection", "close"); // no form is this large: stop reading
                    }
                });
                forms.handle(ctx);
            }
        });
        // Quarkus REST reads the body from the context once it is there: an empty one must be an
        // empty buffer, not "no body yet" (which would wait for bytes that never come).
        router.route().order(-3).handler(ctx -> {
            if (ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD && ctx.body().buffer() == null) {
                ctx.setBody(io.vertx.core.buffer.Buffer.buffer());
            }
            ctx.next();
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
        // A body over its limit fails the request with 413 while it is still arriving: answer it
        // here, before Quarkus's own failure handler (which would answer with an empty page). The
        // photo's cancelled temporary file fails the request once more after that answer: nothing
        // is left to say then.
        router.route().order(-3).failureHandler(ctx -> {
            if (ctx.response().ended() && ctx.get(PHOTO_LIMIT_KEY) != null) {
                return;
            }
            if (ctx.statusCode() != 413) {
                ctx.next();
            } else if (ctx.get(PHOTO_LIMIT_KEY) != null) {
                photoTooLarge(ctx, config);
            } else {
                errorPage(ctx, 413);
            }
        });
        router.errorHandler(413, ctx -> errorPage(ctx, 413));
    }

    private static final String PHOTO_LIMIT_KEY = "bakeshop.photo-upload";

    /** Where Quarkus puts uploads too (a writable temporary directory in the container). */
    private static String uploadsDirectory() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.body.uploads-directory", String.class)
                .orElse(System.getProperty("java.io.tmpdir") + "/uploads");
    }

    private static long parseLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void photoTooLarge(RoutingContext ctx, StorefrontConfig config) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        long limit = config.admin().maxPhotoSize().asLongValue();
        ctx.response().setStatusCode(413).putHeader("Content-Type", "text/html;charset=UTF-8")
                .end(ErrorPages.Templates.error("That photo is too large", PhotoProcessor.overLimit(limit)).render());
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
