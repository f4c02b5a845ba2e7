package com.allthemuchbakeshop.storefront.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding stays small for every format and size; transparency lands on white, not black. */
class PhotoProcessorTest {

    @TempDir
    Path tmp;

    private final PhotoProcessor processor = new PhotoProcessor(20L * 1024 * 1024, 50_000_000L);

    @Test
    void everyPictureIsDecodedWithinTheBoundsWhateverItsSizeAndDepth() {
        int[][] cases = { // width, height, bytes per pixel
                { 2000, 2000, 4 }, { 4000, 4000, 4 }, { 6000, 4000, 3 }, { 2000, 2000, 8 }, { 1200, 900, 3 }, { 7000, 7000, 8 } };
        for (int[] c : cases) {
            int step = PhotoProcessor.step(c[0], c[1], c[2]);
            long w = (c[0] + step - 1) / step;
            long h = (c[1] + step - 1) / step;
            String what = c[0] + "x" + c[1] + "x" + c[2] + " step " + step;
            assertTrue(Math.max(w, h) < 2 * PhotoProcessor.DECODE_LONGER_SIDE, what);
            assertTrue(w * h * c[2] <= PhotoProcessor.DECODE_MAX_BYTES, what);
            if (step > Math.max(1, Math.max(c[0], c[1]) / PhotoProcessor.DECODE_LONGER_SIDE)) {
                // coarser than the size alone asks only because one step less would hold too many bytes
                int finer = step - 1;
                long fw = (c[0] + finer - 1) / finer;
                long fh = (c[1] + finer - 1) / finer;
                assertTrue(fw * fh * c[2] > PhotoProcessor.DECODE_MAX_BYTES, what);
            }
        }
        assertEquals(1, PhotoProcessor.step(1200, 900, 3), "an ordinary photo is decoded whole");
        assertEquals(2, PhotoProcessor.step(2000, 2000, 4), "a 2000 px transparent PNG is not (16 MB whole)");
        assertEquals(5, PhotoProcessor.step(6000, 4000, 3), "a 24 MP photo at 1200 x 800");
    }

    @Test
    void aTransparentPngLandsOnWhite() throws Exception {
        BufferedImage art = new BufferedImage(2000, 2000, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = art.createGraphics();
        g.setColor(new Color(200, 0, 0, 255));
        g.fillRect(1000, 0, 1000, 2000); // the left half stays fully transparent
        g.setColor(new Color(0, 0, 200, 128));
        g.fillRect(0, 1500, 1000, 500); // half-transparent blue, bottom left
        g.dispose();
        Path png = tmp.resolve("art.png");
        ImageIO.write(art, "png", png.toFile());

        PhotoProcessor.Variants v = processor.process(png);

        BufferedImage small = ImageIO.read(new ByteArrayInputStream(v.jpegs().get(400)));
        assertEquals(400, small.getWidth());
        assertNear(new Color(255, 255, 255), new Color(small.getRGB(100, 100)), "transparent becomes white");
        assertNear(new Color(200, 0, 0), new Color(small.getRGB(300, 100)), "opaque stays as it is");
        assertNear(new Color(127, 127, 227), new Color(small.getRGB(100, 350)), "half-transparent blue is blended with white");
        assertEquals(2000 / PhotoProcessor.step(2000, 2000, 4), v.width(), "decoded subsampled");
    }

    @Test
    void aSixteenBitTransparentPngIsReadSubsampledToo() throws Exception {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(1500, 1000);
        for (int y = 0; y < 1000; y++) {
            for (int x = 750; x < 1500; x++) {
                raster.setPixel(x, y, new int[] { 0, 40_000, 0, 65_535 });
            }
        }
        Path png = tmp.resolve("deep.png");
        ImageIO.write(new BufferedImage(model, raster, false, null), "png", png.toFile());
        assertTrue(Files.size(png) > 0);

        PhotoProcessor.Variants v = processor.process(png);

        assertTrue((long) v.width() * v.height() * 8 <= PhotoProcessor.DECODE_MAX_BYTES, v.width() + "x" + v.height());
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(v.jpegs().get(400)));
        assertNear(Color.WHITE, new Color(small.getRGB(50, 50)), "transparent becomes white");
        assertNear(new Color(0, 155, 0), new Color(small.getRGB(350, 50)), "16-bit green read right");
    }

    private static void assertNear(Color expected, Color actual, String what) {
        int d = Math.abs(expected.getRed() - actual.getRed()) + Math.abs(expected.getGreen() - actual.getGreen())
                + Math.abs(expected.getBlue() - actual.getBlue());
        assertTrue(d <= 24, what + ": expected " + expected + " but was " + actual);
    }
}
