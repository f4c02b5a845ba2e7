package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Routes outside the REST layer: product photos from the photos directory (in production the
 * edge proxy serves them first), and friendly pages for errors the HTTP layer answers itself
 * (a body over the size limit, a path nothing serves).
 */
@ApplicationScoped
public class WebRoutes {

    /** Photo names are content-hashed, so a photo at a URL never changes: cache it for a year. */
    static final long PHOTO_MAX_AGE_SECONDS = 365L * 24 * 3600;

    void register(@Observes Router router, StorefrontConfig config) {
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

    private static void errorPage(RoutingContext ctx, int status) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/html;charset=UTF-8")
                .end(ErrorPages.page(status));
    }
}
