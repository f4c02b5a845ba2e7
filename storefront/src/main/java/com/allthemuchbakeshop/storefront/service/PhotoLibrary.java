package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Product photos on the photos volume (read by the edge proxy). New files are written to a
 * temporary name and renamed into place, so a half-written photo is never served; a photo's
 * old files are removed only after the product points at its new ones.
 */
@ApplicationScoped
public class PhotoLibrary {

    private static final Logger LOG = Logger.getLogger(PhotoLibrary.class);
    private static final Pattern NAME = Pattern.compile("(sample|p)-[a-z0-9-]{1,80}");

    private final Path dir;
    private final PhotoProcessor processor;
    private final MenuService menu;

    PhotoLibrary(StorefrontConfig config, MenuService menu) {
        this.dir = config.photosDir();
        this.processor = new PhotoProcessor(config.admin().maxPhotoSize().asLongValue(), config.admin().maxPhotoPixels());
        this.menu = menu;
    }

    /** Processes the upload and makes it the product's photo; the old photo's files are removed. */
    public Product replace(long productId, Path upload) throws PhotoProcessor.Rejected, IOException {
        Product product = menu.query(store -> store.findProduct(productId)).orElseThrow(() -> new PhotoProcessor.Rejected(
                "That product no longer exists."));
        PhotoProcessor.Variants variants = processor.process(upload);
        for (Map.Entry<Integer, byte[]> jpeg : variants.jpegs().entrySet()) {
            write(variants.name() + "-" + jpeg.getKey() + ".jpg", jpeg.getValue());
        }
        Product updated = product.withPhoto(variants.name(), variants.width(), variants.height());
        try {
            // Only the photo columns: an edit saved while the photo was processed is kept.
            menu.change(store -> store.setPhoto(productId, variants.name(), variants.width(), variants.height()));
        } catch (RuntimeException e) {
            delete(variants.name());
            throw e;
        }
        if (product.hasPhoto() && !product.photo().equals(variants.name())) {
            delete(product.photo());
        }
        LOG.infof("Photo %s stored for product %d", variants.name(), productId);
        return updated;
    }

    /** Takes the product's photo away and removes its files. */
    public Optional<Product> remove(long productId) {
        Optional<Product> product = menu.query(store -> store.findProduct(productId));
        product.filter(Product::hasPhoto).ifPresent(p -> {
            menu.change(store -> store.setPhoto(productId, null, 0, 0));
            delete(p.photo());
        });
        return product;
    }

    private void write(String fileName, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(dir, ".upload-", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Removes a photo's files, unless a product still shows it (the same upload on two products). */
    private void delete(String photo) {
        if (photo == null || !NAME.matcher(photo).matches() || menu.query(store -> store.photoInUse(photo))) {
            return;
        }
        for (int width : PhotoProcessor.WIDTHS) {
            try {
                Files.deleteIfExists(dir.resolve(photo + "-" + width + ".jpg"));
            } catch (IOException e) {
                LOG.warnf("Could not remove old photo file %s-%d.jpg: %s", photo, width, e.getMessage());
            }
        }
    }
}
