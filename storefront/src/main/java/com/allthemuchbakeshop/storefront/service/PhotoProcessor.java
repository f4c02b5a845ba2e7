package com.allthemuchbakeshop.storefront.service;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails;

/**
 * Turns an uploaded photo into the resized JPEG variants the site serves. It trusts the
 * content, never the file name: it reads the header first and refuses non-images and absurd
 * sizes before decoding; it decodes every format subsampled to about {@link #DECODE_LONGER_SIDE}
 * pixels on the longer side and at most {@link #DECODE_MAX_BYTES} of pixels (a 24-megapixel phone
 * photo or a 16-bit transparent PNG needs a few MB, not 100); transparency goes onto white in place and the
 * picture is turned upright after resizing, so no second decoded-size copy exists; it writes new
 * files that carry no metadata at all (phones embed the GPS position).
 */
public class PhotoProcessor {

    /** Widths of the stored variants; the public pages use them in srcset. */
    public static final int[] WIDTHS = { 400, 800 };
    private static final Set<String> FORMATS = Set.of("jpeg", "png", "webp");
    private static final int MIN_SIDE = 200;
    /**
     * Decode at about this many pixels on the longer side (at least this, under twice): enough for
     * the 800 px variant of an upright or a lying photo...
     */
    static final int DECODE_LONGER_SIDE = 1200;
    /** ... and at most this many bytes of decoded pixels (a transparent PNG takes 4 bytes a pixel, a 16-bit one 8). */
    static final long DECODE_MAX_BYTES = 8L * 1024 * 1024;
    private static final float JPEG_QUALITY = 0.82f;

    /** The upload was refused; the message is for the person who uploaded it. */
    public static class Rejected extends Exception {
        public Rejected(String message) {
            super(message);
        }
    }

    /** The processed photo: a content-derived name, its size upright, and the JPEG of each width. */
    public record Variants(String name, int width, int height, Map<Integer, byte[]> jpegs) {
    }

    private final long maxBytes;
    private final long maxPixels;

    public PhotoProcessor(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    public Variants process(Path upload) throws Rejected, IOException {
        long size = Files.size(upload);
        if (size == 0) {
            throw new Rejected("That file is empty. Please choose a photo.");
        }
        if (size > maxBytes) {
            throw new Rejected(tooLarge(size, maxBytes));
        }
        BufferedImage decoded;
        try (ImageInputStream in = ImageIO.createImageInputStream(upload.toFile())) {
            ImageReader reader = reader(in);
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > maxPixels) {
                    throw new Rejected("That picture is " + width + " × " + height + " pixels, more than we can handle ("
                            + (maxPixels / 1_000_000) + " megapixels at most). Please upload an ordinary photo.");
                }
                if (width < MIN_SIDE || height < MIN_SIDE) {
                    throw new Rejected("That picture is only " + width + " × " + height
                            + " pixels. Please upload a photo at least " + MIN_SIDE + " pixels on each side.");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = step(width, height, bytesPerPixel(reader));
                param.setSourceSubsampling(step, step, 0, 0);
                AtomicBoolean damaged = new AtomicBoolean();
                reader.addIIOReadWarningListener(warningsTo(damaged));
                decoded = reader.read(0, param);
                if (damaged.get()) {
                    throw new Rejected(damagedMessage());
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // Truncated or corrupt data: the decoders throw rather than hand back half a picture.
            throw new Rejected(damagedMessage());
        }
        // One decoded-size image only: transparency goes onto white in place, and each variant is
        // resized first and turned upright at its own (small) size.
        if (decoded.getColorModel().hasAlpha()) {
            flattenInPlace(decoded);
        }
        int orientation = orientation(upload);
        boolean lying = orientation >= 5 && orientation <= 8;
        int uprightWidth = lying ? decoded.getHeight() : decoded.getWidth();
        int uprightHeight = lying ? decoded.getWidth() : decoded.getHeight();
        Map<Integer, byte[]> jpegs = new LinkedHashMap<>();
        for (int width : WIDTHS) {
            double scale = Math.min(1.0, (double) width / uprightWidth);
            BufferedImage resized = Thumbnails.of(decoded).scale(scale).imageType(BufferedImage.TYPE_INT_RGB).asBufferedImage();
            jpegs.put(width, jpeg(upright(resized, orientation)));
        }
        String name = "p-" + sha256(jpegs.get(WIDTHS[WIDTHS.length - 1])).substring(0, 20);
        return new Variants(name, uprightWidth, uprightHeight, jpegs);
    }

    /** The smallest subsampling step that keeps the decoded picture within both bounds. */
    static int step(int width, int height, int bytesPerPixel) {
        int step = Math.max(1, Math.max(width, height) / DECODE_LONGER_SIDE);
        while ((long) ceilDiv(width, step) * ceilDiv(height, step) * bytesPerPixel > DECODE_MAX_BYTES) {
            step++;
        }
        return step;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Bytes per decoded pixel of the reader's own image type (16-bit PNGs take twice as many). */
    private static int bytesPerPixel(ImageReader reader) throws IOException {
        Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
            return 8;
        }
        java.awt.image.SampleModel model = types.next().getSampleModel(1, 1);
        int bits = 0;
        for (int size : model.getSampleSize()) {
            bits += size;
        }
        // Packed types (one int per pixel) are 4 bytes whatever their sample sizes add up to.
        return Math.max(model.getNumDataElements() == 1 ? 4 : 1, (bits + 7) / 8);
    }

    private static ImageReader reader(ImageInputStream in) throws Rejected, IOException {
        if (in == null) {
            throw new Rejected(notAPhoto());
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) {
                return reader;
            }
            reader.dispose();
        }
        throw new Rejected(notAPhoto());
    }

    private static IIOReadWarningListener warningsTo(AtomicBoolean damaged) {
        return (source, warning) -> damaged.set(true);
    }

    /** PNGs may be transparent; JPEG has no alpha, so put them on white: row by row, in the image itself. */
    static void flattenInPlace(BufferedImage image) {
        int w = image.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                int a = argb >>> 24;
                if (a != 0xFF) {
                    int r = ((argb >> 16 & 0xFF) * a + 0xFF * (0xFF - a)) / 0xFF;
                    int g = ((argb >> 8 & 0xFF) * a + 0xFF * (0xFF - a)) / 0xFF;
                    int b = ((argb & 0xFF) * a + 0xFF * (0xFF - a)) / 0xFF;
                    row[x] = 0xFF000000 | r << 16 | g << 8 | b;
                }
            }
            image.setRGB(0, y, w, 1, row, 0, w);
        }
    }

    /** EXIF orientation 1 to 8 (1 = upright); anything unreadable counts as upright. */
    static int orientation(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Metadata metadata = ImageMetadataReader.readMetadata(in);
            ExifIFD0Directory exif = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            }
        } catch (ImageProcessingException | MetadataException | IOException | RuntimeException e) {
            // No usable EXIF: keep the picture as stored.
        }
        return 1;
    }

    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.scale(-1, 1); t.translate(-w, 0); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.scale(1, -1); t.translate(0, -h); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, t, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thumbnails.of(image).scale(1.0).outputFormat("jpg").outputQuality(JPEG_QUALITY).toOutputStream(out);
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String tooLarge(long size, long max) {
        return String.format(Locale.US, "That photo is %.1f MB; the largest we take is %d MB. "
                + "Please choose a smaller copy (most phones can share a \"medium\" size).", size / 1_048_576.0, max / 1_048_576);
    }

    /** When the size is only known to be over the limit (a body that did not say its size). */
    public static String overLimit(long max) {
        return String.format(Locale.US, "That photo is more than %d MB; the largest we take is %d MB. "
                + "Please choose a smaller copy (most phones can share a \"medium\" size).", max / 1_048_576, max / 1_048_576);
    }

    private static String notAPhoto() {
        return "That file is not a photo we can read. Please upload a JPEG, PNG or WebP picture.";
    }

    private static String damagedMessage() {
        return "That photo seems damaged or incomplete (the upload may have been cut off). Please try again with the original.";
    }
}
