package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.Slugs;
import com.allthemuchbakeshop.storefront.store.MenuStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Fills an empty database with the sample menu ({@code sample/menu.tsv}) and its drawn photos,
 * so a first local run shows a real-looking site. Called only in the embedded local mode.
 */
@ApplicationScoped
public class SampleMenuLoader {

    private static final Logger LOG = Logger.getLogger(SampleMenuLoader.class);
    private static final int[] PHOTO_WIDTHS = { 400, 800 };

    private final MenuStore store;

    SampleMenuLoader(MenuStore store) {
        this.store = store;
    }

    public void loadIfEmpty(Path photosDir) {
        if (!store.isEmpty()) {
            return;
        }
        List<String[]> rows = rows();
        // Photos first: if one is missing, nothing has been written to the database yet.
        rows.forEach(row -> copyPhotos("sample-" + row[1], photosDir));
        Map<String, Long> categories = new LinkedHashMap<>();
        int count = 0;
        for (String[] row : rows) {
            // category, slug, name, price, unit, dietary, allergens, flags, description
            long categoryId = categories.computeIfAbsent(row[0],
                    name -> store.insertCategory(name, Slugs.slug(name), categories.size()));
            String photo = "sample-" + row[1];
            List<String> flags = Product.tags(row[7]);
            Product p = new Product(0, categoryId, row[2], row[1], row[8], Math.round(Double.parseDouble(row[3]) * 100),
                    row[4], Product.tags(row[5]), Product.tags(row[6]), photo, 800, 600,
                    flags.contains("featured"), flags.contains("sold-out"), false);
            store.insertProduct(p, count++);
        }
        LOG.infof("Loaded the sample menu: %d products in %d categories (local mode only)", count, categories.size());
    }

    private static List<String[]> rows() {
        try (InputStream in = resource("sample/menu.tsv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t", -1))
                    .filter(cols -> {
                        if (cols.length != 9) {
                            throw new IllegalStateException("sample/menu.tsv: expected 9 columns in: " + cols[0]);
                        }
                        return true;
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyPhotos(String photo, Path photosDir) {
        for (int width : PHOTO_WIDTHS) {
            String name = photo + "-" + width + ".jpg";
            try (InputStream in = resource("sample/photos/" + name)) {
                Path tmp = Files.createTempFile(photosDir, ".sample-", ".tmp");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, photosDir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("could not copy sample photo " + name, e);
            }
        }
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("missing resource " + path);
        }
        return in;
    }
}
