package com.allthemuchbakeshop.storefront.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import com.allthemuchbakeshop.storefront.service.MenuService;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.GpsDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Photos uploaded the way a phone sends them, and files that only pretend to be photos. */
@QuarkusTest
class PhotoUploadTest {

    @Inject
    MenuService menu;

    @Inject
    StorefrontConfig config;

    @TempDir
    Path tmp;

    private Product product(String name) {
        return menu.everything().categories().stream().flatMap(c -> c.products().stream())
                .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private Set<String> photoFiles() throws IOException {
        try (Stream<Path> files = Files.list(config.photosDir())) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void phonePhotoIsStoredUprightWithoutItsGpsPosition() throws Exception {
        // 600 x 400 as the sensor saw it: left half red, right half blue; EXIF says "rotate 90° clockwise".
        BufferedImage sensor = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sensor.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 300, 400);
        g.setColor(Color.BLUE);
        g.fillRect(300, 0, 300, 400);
        g.dispose();
        File photo = withExif(jpeg(sensor), 6, 41.8781, -87.6298);
        assertTrue(hasGps(photo), "the test photo carries a GPS position, as a phone's does");

        Product scone = product("Ham and Gruyère Scone");
        AdminSession katie = AdminSession.signedIn();
        katie.open("/admin/product?id=" + scone.id());
        Response r = katie.upload("/admin/product/photo", scone.id(), photo, "IMG_2041.JPG");
        assertEquals(303, r.statusCode(), r.asString());

        Product stored = product("Ham and Gruyère Scone");
        assertTrue(stored.photo().matches("p-[0-9a-f]{20}"), stored.photo());
        assertEquals(400, stored.photoWidth());
        assertEquals(600, stored.photoHeight());
        File small = config.photosDir().resolve(stored.photo() + "-400.jpg").toFile();
        BufferedImage upright = ImageIO.read(small);
        assertEquals(400, upright.getWidth());
        assertEquals(600, upright.getHeight());
        assertTrue(isRed(upright.getRGB(200, 100)), "the sensor's left side is now the top");
        assertTrue(isBlue(upright.getRGB(200, 500)), "and its right side the bottom");
        assertFalse(hasGps(small), "no GPS position in the stored file");
        assertFalse(hasGps(config.photosDir().resolve(stored.photo() + "-800.jpg").toFile()));
        assertTrue(new AdminSession().request().get(stored.photoUrl(400)).statusCode() == 200, "served to the public");
        assertTrue(io.restassured.RestAssured.get("/menu").asString().contains(stored.photoUrl(400)), "shown on the menu");
    }

    @Test
    void replacingAPhotoRemovesTheOldFilesAndAPngIsAccepted() throws Exception {
        Product bun = product("Morning Bun");
        String old = bun.photo();
        assertTrue(Files.exists(config.photosDir().resolve(old + "-400.jpg")));
        BufferedImage art = new BufferedImage(500, 500, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = art.createGraphics();
        g.setColor(new Color(200, 120, 40, 255));
        g.fillOval(50, 50, 400, 400);
        g.dispose();
        File png = tmp.resolve("bun.png").toFile();
        ImageIO.write(art, "png", png);

        AdminSession katie = AdminSession.signedIn();
        katie.open("/admin/product?id=" + bun.id());
        assertEquals(303, katie.upload("/admin/product/photo", bun.id(), png, "bun.png").statusCode());

        Product updated = product("Morning Bun");
        assertFalse(updated.photo().equals(old));
        assertFalse(Files.exists(config.photosDir().resolve(old + "-400.jpg")), "old variants removed");
        BufferedImage stored = ImageIO.read(config.photosDir().resolve(updated.photo() + "-800.jpg").toFile());
        assertEquals(500, stored.getWidth(), "never enlarged beyond the original");
        assertTrue(isWhite(stored.getRGB(5, 5)), "transparent corners become white");

        katie.open("/admin/product?id=" + bun.id());
        assertEquals(303, katie.post("/admin/product/photo/remove", java.util.Map.of("id", bun.id())).statusCode());
        assertNull(product("Morning Bun").photo());
        assertFalse(Files.exists(config.photosDir().resolve(updated.photo() + "-400.jpg")));
    }

    @Test
    void thePictureOnTwoProductsStaysWhenOneLetsItGo() throws Exception {
        Product oat = product("Oatmeal Cranberry");
        Product bars = product("Lemon Bars");
        BufferedImage picture = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(new Color(90, 160, 200));
        g.fillRect(100, 100, 300, 200);
        g.dispose();
        File same = jpeg(picture);
        AdminSession katie = AdminSession.signedIn();
        for (Product p : new Product[] { oat, bars }) {
            katie.open("/admin/product?id=" + p.id());
            assertEquals(303, katie.upload("/admin/product/photo", p.id(), same, "same.jpg").statusCode());
        }
        String shared = product("Oatmeal Cranberry").photo();
        assertEquals(shared, product("Lemon Bars").photo(), "the same picture has the same content-hashed name");

        katie.open("/admin/product?id=" + oat.id());
        katie.post("/admin/product/photo/remove", java.util.Map.of("id", oat.id()));
        assertTrue(Files.exists(config.photosDir().resolve(shared + "-400.jpg")), "Lemon Bars still shows it");
        assertEquals(200, new AdminSession().request().get("/photos/" + shared + "-400.jpg").statusCode());
    }

    @Test
    void filesThatAreNotUsablePhotosAreRefusedAndLeaveNothingBehind() throws Exception {
        Product cookie = product("Snickerdoodle");
        AdminSession katie = AdminSession.signedIn();
        Set<String> before = photoFiles();

        File text = tmp.resolve("menu.jpg").toFile();
        Files.writeString(text.toPath(), "This is not a photo, just text with a .jpg name.\n");
        assertRefused(katie, cookie, text, "menu.jpg", 400, "not a photo we can read");

        byte[] goodJpeg = Files.readAllBytes(jpeg(new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB)).toPath());
        File truncated = tmp.resolve("cut.jpg").toFile();
        Files.write(truncated.toPath(), Arrays.copyOf(goodJpeg, goodJpeg.length * 6 / 10));
        assertRefused(katie, cookie, truncated, "cut.jpg", 400, "damaged or incomplete");

        File bomb = tmp.resolve("bomb.png").toFile();
        Files.write(bomb.toPath(), pngDeclaring(30_000, 30_000));
        assertRefused(katie, cookie, bomb, "bomb.png", 400, "30000 × 30000 pixels");

        File huge = tmp.resolve("huge.jpg").toFile();
        byte[] big = new byte[25 * 1024 * 1024];
        System.arraycopy(goodJpeg, 0, big, 0, goodJpeg.length);
        Files.write(huge.toPath(), big);
        // Browsers send a Content-Length and get 413 before the upload is read; this upload is chunked
        // (as RestAssured sends it): counted as it arrives, refused past the limit, the same message.
        assertRefused(katie, cookie, huge, "huge.jpg", 413, "the largest we take is 20 MB");

        assertEquals(before, photoFiles(), "no file was left behind");
        assertEquals(cookie.photo(), product("Snickerdoodle").photo(), "the product keeps its photo");
    }

    @Test
    void uploadedFileNamesNeverReachTheFileSystem() throws Exception {
        Product rye = product("Seeded Rye");
        AdminSession katie = AdminSession.signedIn();
        File photo = jpeg(new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB));
        for (String name : new String[] { "../../etc/passwd", "evil\u0000.jpg", "..\\..\\windows\\win.ini", "ф\u202Egpj.exe" }) {
            katie.open("/admin/product?id=" + rye.id());
            Response r = katie.upload("/admin/product/photo", rye.id(), photo, name);
            assertEquals(303, r.statusCode(), name);
            assertTrue(product("Seeded Rye").photo().matches("p-[0-9a-f]{20}"), name);
        }
        for (String file : photoFiles()) {
            assertTrue(file.matches("(sample|p)-[a-z0-9-]+-(400|800)\\.jpg"), "unexpected file in the photos directory: " + file);
        }
    }

    private void assertRefused(AdminSession katie, Product p, File file, String name, int status, String message) {
        katie.open("/admin/product?id=" + p.id());
        Response r = katie.upload("/admin/product/photo", p.id(), file, name);
        if (status > 0) {
            assertEquals(status, r.statusCode(), name);
        } else {
            assertTrue(r.statusCode() == 400 || r.statusCode() == 413, name + " answered " + r.statusCode());
        }
        assertTrue(r.asString().contains(message), name + ": " + r.asString());
    }

    private File jpeg(BufferedImage image) throws IOException {
        File f = Files.createTempFile(tmp, "photo", ".jpg").toFile();
        ImageIO.write(image, "jpg", f);
        return f;
    }

    private File withExif(File jpeg, int orientation, double latitude, double longitude) throws Exception {
        TiffOutputSet exif = new TiffOutputSet();
        exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
        exif.setGpsInDegrees(longitude, latitude);
        File out = tmp.resolve("phone.jpg").toFile();
        try (var os = new java.io.FileOutputStream(out)) {
            new ExifRewriter().updateExifMetadataLossless(jpeg, os, exif);
        }
        return out;
    }

    private static boolean hasGps(File file) throws Exception {
        Metadata metadata = ImageMetadataReader.readMetadata(file);
        GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
        return gps != null && gps.getGeoLocation() != null;
    }

    /** A tiny, valid PNG header claiming an enormous picture: a decompression bomb's calling card. */
    private static byte[] pngDeclaring(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] { 8, 2, 0, 0, 0 });
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", new byte[] { 0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 });
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    private static boolean isRed(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() > 200 && c.getBlue() < 60;
    }

    private static boolean isBlue(int rgb) {
        Color c = new Color(rgb);
        return c.getBlue() > 200 && c.getRed() < 60;
    }

    private static boolean isWhite(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() > 240 && c.getGreen() > 240 && c.getBlue() > 240;
    }
}
