/*
 * DrawSamplePhotos - draws the stylised placeholder "product photos" for the sample bakery menu.
 *
 * Every picture is built from simple java.awt shapes (no stock imagery, no dependencies beyond
 * the JDK), so the sample data carries no licensing baggage. For each product it writes
 * sample-<slug>-800.jpg (800x600) and sample-<slug>-400.jpg (400x300).
 *
 * Run from the storefront module with JDK 17+ (no build needed):
 *
 *   cd storefront && java tools/DrawSamplePhotos.java [output-dir]
 *
 * output-dir defaults to src/main/resources/sample/photos. Random details use fixed seeds,
 * so re-running produces the same pictures.
 */

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

public class DrawSamplePhotos {

    static final int W = 800;
    static final int H = 600;
    static final float JPEG_QUALITY = 0.8f;
    // Soft budgets so the sample data stays light; exceeding one only prints a warning.
    static final long BUDGET_800 = 45 * 1024;
    static final long BUDGET_400 = 18 * 1024;

    interface Painter {
        void paint(Graphics2D g, Random rnd);
    }

    record Product(String slug, Painter painter) {
    }

    static final List<Product> PRODUCTS = List.of(
            new Product("country-sourdough", DrawSamplePhotos::countrySourdough),
            new Product("seeded-rye", DrawSamplePhotos::seededRye),
            new Product("honey-oat-loaf", DrawSamplePhotos::honeyOatLoaf),
            new Product("rosemary-focaccia", DrawSamplePhotos::rosemaryFocaccia),
            new Product("cinnamon-raisin-swirl", DrawSamplePhotos::cinnamonRaisinSwirl),
            new Product("baguette", DrawSamplePhotos::baguette),
            new Product("butter-croissant", DrawSamplePhotos::butterCroissant),
            new Product("pain-au-chocolat", DrawSamplePhotos::painAuChocolat),
            new Product("almond-croissant", DrawSamplePhotos::almondCroissant),
            new Product("morning-bun", DrawSamplePhotos::morningBun),
            new Product("fruit-danish", DrawSamplePhotos::fruitDanish),
            new Product("ham-gruyere-scone", DrawSamplePhotos::hamGruyereScone),
            new Product("lemon-olive-oil-cake", DrawSamplePhotos::lemonOliveOilCake),
            new Product("chocolate-layer-cake", DrawSamplePhotos::chocolateLayerCake),
            new Product("carrot-cake", DrawSamplePhotos::carrotCake),
            new Product("strawberry-shortcake", DrawSamplePhotos::strawberryShortcake),
            new Product("basque-cheesecake", DrawSamplePhotos::basqueCheesecake),
            new Product("celebration-cupcakes", DrawSamplePhotos::celebrationCupcakes),
            new Product("brown-butter-chocolate-chip", DrawSamplePhotos::brownButterChocolateChip),
            new Product("oatmeal-cranberry", DrawSamplePhotos::oatmealCranberry),
            new Product("salted-caramel-brownie", DrawSamplePhotos::saltedCaramelBrownie),
            new Product("lemon-bars", DrawSamplePhotos::lemonBars),
            new Product("snickerdoodle", DrawSamplePhotos::snickerdoodle),
            new Product("vegan-peanut-butter", DrawSamplePhotos::veganPeanutButter));

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path outDir = Path.of(args.length > 0 ? args[0] : "src/main/resources/sample/photos");
        Files.createDirectories(outDir);
        ImageIO.setUseCache(false); // small images: encode in memory, no temp files
        System.out.println("writing to " + outDir.toAbsolutePath().normalize());

        for (Product product : PRODUCTS) {
            BufferedImage full = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = full.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            // Seed from the slug so each product's random details are stable between runs.
            product.painter().paint(g, new Random(product.slug().hashCode()));
            g.dispose();

            write(full, outDir.resolve("sample-" + product.slug() + "-800.jpg"), BUDGET_800);
            write(halfSize(full), outDir.resolve("sample-" + product.slug() + "-400.jpg"), BUDGET_400);
        }
    }

    // ------------------------------------------------------------------ output

    static BufferedImage halfSize(BufferedImage src) {
        BufferedImage dst = new BufferedImage(src.getWidth() / 2, src.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        // At exactly half size, bilinear sampling blends each 2x2 block, which keeps edges smooth.
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, dst.getWidth(), dst.getHeight(), null);
        g.dispose();
        return dst;
    }

    static void write(BufferedImage image, Path file, long budget) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
        // Files.newOutputStream truncates; a RandomAccessFile-backed stream would leave stale bytes.
        try (OutputStream out = Files.newOutputStream(file);
             ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        long size = Files.size(file);
        System.out.printf("wrote %-50s %5.1f KB%s%n", file.getFileName(), size / 1024.0,
                size > budget ? "  (over " + budget / 1024 + " KB budget)" : "");
    }

    // ------------------------------------------------------------------ colour and shape helpers

    static Color c(int rgb) {
        return new Color(rgb);
    }

    static Color alpha(Color c, int a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
    }

    static Color mix(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    static Color lighter(Color c, double t) {
        return mix(c, Color.WHITE, t);
    }

    static Color darker(Color c, double t) {
        return mix(c, Color.BLACK, t);
    }

    static Ellipse2D ellipse(double cx, double cy, double rx, double ry) {
        return new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry);
    }

    static Shape rotated(Shape s, double degrees, double cx, double cy) {
        return AffineTransform.getRotateInstance(Math.toRadians(degrees), cx, cy).createTransformedShape(s);
    }

    static Shape moved(Shape s, double dx, double dy) {
        return AffineTransform.getTranslateInstance(dx, dy).createTransformedShape(s);
    }

    static Path2D quad(double x1, double y1, double cx, double cy, double x2, double y2) {
        Path2D p = new Path2D.Double();
        p.moveTo(x1, y1);
        p.quadTo(cx, cy, x2, y2);
        return p;
    }

    static BasicStroke round(double width) {
        return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    static void stroke(Graphics2D g, Shape s, Color color, double width) {
        g.setStroke(round(width));
        g.setColor(color);
        g.draw(s);
    }

    static void fill(Graphics2D g, Shape s, Color color) {
        g.setColor(color);
        g.fill(s);
    }

    /** Fills a shape with a radial gradient lit from the upper left, so flat shapes read as rounded food. */
    static void fillRounded(Graphics2D g, Shape s, Color base) {
        Rectangle2D b = s.getBounds2D();
        float radius = (float) (Math.max(b.getWidth(), b.getHeight()) * 0.72);
        Point2D centre = new Point2D.Double(b.getCenterX(), b.getCenterY());
        Point2D focus = new Point2D.Double(b.getX() + b.getWidth() * 0.38, b.getY() + b.getHeight() * 0.3);
        g.setPaint(new RadialGradientPaint(centre, radius, focus, new float[] {0f, 0.5f, 1f},
                new Color[] {lighter(base, 0.28), base, darker(base, 0.4)}, RadialGradientPaint.CycleMethod.NO_CYCLE));
        g.fill(s);
    }

    /** Side lighting for upright surfaces (cake sides, liners): bright just left of centre, dark at the edges. */
    static LinearGradientPaint sideLight(double x0, double x1, Color base) {
        return new LinearGradientPaint((float) x0, 0f, (float) x1, 0f, new float[] {0f, 0.32f, 0.7f, 1f},
                new Color[] {darker(base, 0.28), lighter(base, 0.12), base, darker(base, 0.35)});
    }

    /** Soft contact shadow; a squashed radial gradient looks like diffuse window light. */
    static void shadow(Graphics2D g, double cx, double cy, double rx, double ry) {
        AffineTransform saved = g.getTransform();
        g.translate(cx, cy);
        g.scale(1, ry / rx);
        g.setPaint(new RadialGradientPaint(new Point2D.Double(0, 0), (float) rx, new float[] {0f, 0.55f, 1f},
                new Color[] {new Color(0, 0, 0, 120), new Color(0, 0, 0, 70), new Color(0, 0, 0, 0)}));
        g.fill(ellipse(0, 0, rx, rx));
        g.setTransform(saved);
    }

    /**
     * Shadow that follows an arbitrary shape: drawn at a tenth of the size, then scaled up with
     * bilinear filtering, which blurs it cheaply. Only for untransformed graphics.
     */
    static void softShadow(Graphics2D g, Shape s, double dx, double dy, int strength) {
        int f = 10;
        BufferedImage small = new BufferedImage(W / f, H / f, BufferedImage.TYPE_INT_ARGB);
        Graphics2D sg = small.createGraphics();
        sg.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        sg.scale(1.0 / f, 1.0 / f);
        sg.translate(dx, dy);
        sg.setColor(new Color(0, 0, 0, strength));
        sg.fill(s);
        sg.dispose();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(small, 0, 0, W, H, null);
    }

    /** A circle with a gently wavy edge (cookies, buns); low-frequency waves look hand-made, not noisy. */
    static Shape lumpyCircle(Random rnd, double cx, double cy, double r, double roughness) {
        double[] phase = new double[5];
        for (int k = 0; k < phase.length; k++) {
            phase[k] = rnd.nextDouble() * Math.PI * 2;
        }
        Path2D p = new Path2D.Double();
        for (int i = 0; i <= 90; i++) {
            double t = Math.PI * 2 * i / 90;
            double f = 1;
            for (int k = 0; k < phase.length; k++) {
                f += roughness * Math.sin((k + 3) * t + phase[k]) / (k + 1);
            }
            double x = cx + r * f * Math.cos(t);
            double y = cy + r * f * Math.sin(t);
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }

    /** A small irregular polygon: chocolate chunks, salt flakes, cheese crisps. */
    static Shape chunk(Random rnd, double cx, double cy, double r) {
        Path2D p = new Path2D.Double();
        int n = 5 + rnd.nextInt(3);
        double start = rnd.nextDouble() * Math.PI;
        for (int i = 0; i < n; i++) {
            double t = start + Math.PI * 2 * i / n;
            double rr = r * (0.7 + rnd.nextDouble() * 0.45);
            if (i == 0) {
                p.moveTo(cx + rr * Math.cos(t), cy + rr * Math.sin(t));
            } else {
                p.lineTo(cx + rr * Math.cos(t), cy + rr * Math.sin(t));
            }
        }
        p.closePath();
        return p;
    }

    /** A random point inside a shape (rejection sampling over its bounds). */
    static Point2D pointIn(Shape s, Random rnd) {
        Rectangle2D b = s.getBounds2D();
        for (int tries = 0; tries < 500; tries++) {
            double x = b.getX() + rnd.nextDouble() * b.getWidth();
            double y = b.getY() + rnd.nextDouble() * b.getHeight();
            if (s.contains(x, y)) {
                return new Point2D.Double(x, y);
            }
        }
        return new Point2D.Double(b.getCenterX(), b.getCenterY());
    }

    /** Shrinks a shape about its centre, e.g. to keep toppings away from the very edge. */
    static Shape inset(Shape s, double factor) {
        Rectangle2D b = s.getBounds2D();
        AffineTransform t = new AffineTransform();
        t.translate(b.getCenterX(), b.getCenterY());
        t.scale(factor, factor);
        t.translate(-b.getCenterX(), -b.getCenterY());
        return t.createTransformedShape(s);
    }

    /** Archimedean spiral, squashed vertically for a little perspective. */
    static Path2D spiral(double cx, double cy, double rMax, double turns, double squash) {
        Path2D p = new Path2D.Double();
        int steps = (int) (turns * 60);
        for (int i = 0; i <= steps; i++) {
            double t = Math.PI * 2 * turns * i / steps;
            double r = rMax * i / steps;
            double x = cx + r * Math.cos(t);
            double y = cy + r * Math.sin(t) * squash;
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        return p;
    }

    // ------------------------------------------------------------------ backdrops and props

    static void vignette(Graphics2D g) {
        g.setPaint(new RadialGradientPaint(new Point2D.Double(W / 2.0, H * 0.45), W * 0.72f,
                new float[] {0.45f, 1f}, new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, 120)}));
        g.fillRect(0, 0, W, H);
    }

    /** Planked wooden table: plank tones, faint wavy grain and dark seams. Kept low-contrast to compress well. */
    static void woodTable(Graphics2D g, Random rnd, Color wood) {
        g.setPaint(new GradientPaint(0, 0, lighter(wood, 0.1), 0, H, darker(wood, 0.2)));
        g.fillRect(0, 0, W, H);
        int plank = 140 + rnd.nextInt(40);
        for (int y0 = -rnd.nextInt(plank); y0 < H; y0 += plank) {
            fill(g, new Rectangle2D.Double(0, y0, W, plank),
                    alpha(rnd.nextBoolean() ? Color.WHITE : Color.BLACK, 6 + rnd.nextInt(14)));
            g.setStroke(new BasicStroke(1.6f));
            for (int i = 0; i < 5; i++) {
                double y = y0 + 8 + rnd.nextDouble() * (plank - 16);
                double amp = 1.5 + rnd.nextDouble() * 4;
                double len = 200 + rnd.nextDouble() * 300;
                double phase = rnd.nextDouble() * 6;
                Path2D grain = new Path2D.Double();
                grain.moveTo(0, y);
                for (int x = 20; x <= W; x += 20) {
                    grain.lineTo(x, y + amp * Math.sin(x / len * Math.PI * 2 + phase));
                }
                g.setColor(alpha(darker(wood, 0.45), 22 + rnd.nextInt(22)));
                g.draw(grain);
            }
            stroke(g, new Rectangle2D.Double(-10, y0, W + 20, 0.1), alpha(darker(wood, 0.6), 170), 3);
            stroke(g, new Rectangle2D.Double(-10, y0 + 3, W + 20, 0.1), alpha(lighter(wood, 0.3), 60), 1.5);
        }
        vignette(g);
    }

    /** Linen cloth: a diagonal gradient with a few broad soft folds. */
    static void linen(Graphics2D g, Random rnd, Color cloth) {
        g.setPaint(new GradientPaint(0, 0, lighter(cloth, 0.18), W, H, darker(cloth, 0.12)));
        g.fillRect(0, 0, W, H);
        for (int i = 0; i < 4; i++) {
            double x = rnd.nextDouble() * W;
            double slant = -150 + rnd.nextDouble() * 300;
            Path2D fold = new Path2D.Double();
            fold.moveTo(x - 40, -20);
            fold.lineTo(x + 40, -20);
            fold.lineTo(x + 40 + slant, H + 20);
            fold.lineTo(x - 40 + slant, H + 20);
            fold.closePath();
            g.setPaint(new GradientPaint((float) x - 40, 0, alpha(Color.WHITE, 0), (float) x + 40, 0,
                    alpha(i % 2 == 0 ? Color.WHITE : Color.BLACK, 28), true));
            g.fill(fold);
        }
        vignette(g);
    }

    /** A striped tea towel lying at an angle. */
    static void teaTowel(Graphics2D g, double cx, double cy, double w, double h, double degrees, Color cloth, Color stripe) {
        Shape towel = rotated(new Rectangle2D.Double(cx - w / 2, cy - h / 2, w, h), degrees, cx, cy);
        shadow(g, cx + 10, cy + 15, w * 0.55, h * 0.55);
        g.setPaint(new GradientPaint((float) (cx - w / 2), (float) (cy - h / 2), lighter(cloth, 0.1),
                (float) (cx + w / 2), (float) (cy + h / 2), darker(cloth, 0.08)));
        g.fill(towel);
        for (double off : new double[] {0.12, 0.18, 0.82, 0.88}) {
            double y = cy - h / 2 + h * off;
            Shape band = rotated(new Rectangle2D.Double(cx - w / 2, y, w, off == 0.12 || off == 0.88 ? 16 : 7),
                    degrees, cx, cy);
            fill(g, band, alpha(stripe, 210));
        }
    }

    /** Baking parchment: off-white sheet, slightly skewed corners, with a couple of soft creases. */
    static Shape parchment(Graphics2D g, Random rnd, double cx, double cy, double w, double h, double degrees) {
        Path2D p = new Path2D.Double();
        double j = 14;
        p.moveTo(cx - w / 2 + rnd.nextDouble() * j, cy - h / 2 + rnd.nextDouble() * j);
        p.lineTo(cx + w / 2 - rnd.nextDouble() * j, cy - h / 2 + rnd.nextDouble() * j);
        p.lineTo(cx + w / 2 - rnd.nextDouble() * j, cy + h / 2 - rnd.nextDouble() * j);
        p.lineTo(cx - w / 2 + rnd.nextDouble() * j, cy + h / 2 - rnd.nextDouble() * j);
        p.closePath();
        Shape sheet = rotated(p, degrees, cx, cy);
        shadow(g, cx + 8, cy + 10, w * 0.55, h * 0.55);
        g.setPaint(new GradientPaint((float) (cx - w / 2), (float) (cy - h / 2), c(0xf6eedd),
                (float) (cx + w / 2), (float) (cy + h / 2), c(0xe2d5bb)));
        g.fill(sheet);
        Shape old = g.getClip();
        g.clip(sheet);
        for (int i = 0; i < 3; i++) {
            double x = cx - w / 2 + rnd.nextDouble() * w;
            stroke(g, quad(x, cy - h, x + 60, cy, x - 30 + rnd.nextDouble() * 60, cy + h), alpha(Color.WHITE, 70), 6);
        }
        g.setClip(old);
        return sheet;
    }

    /** A plain round plate seen from slightly above. */
    static void plate(Graphics2D g, double cx, double cy, double rx, double ry, Color color) {
        shadow(g, cx + 6, cy + ry * 0.25, rx * 1.05, ry * 1.05);
        fill(g, ellipse(cx, cy + 6, rx, ry), darker(color, 0.22));
        g.setPaint(new GradientPaint((float) (cx - rx), (float) (cy - ry), lighter(color, 0.3),
                (float) (cx + rx), (float) (cy + ry), darker(color, 0.06)));
        g.fill(ellipse(cx, cy, rx, ry));
        // the well of the plate is a touch darker than the rim
        g.setPaint(new GradientPaint((float) (cx - rx), (float) (cy - ry), darker(color, 0.08),
                (float) (cx + rx), (float) (cy + ry), lighter(color, 0.15)));
        g.fill(ellipse(cx, cy + ry * 0.04, rx * 0.72, ry * 0.72));
    }

    /** Round wooden serving board in three-quarter view. */
    static void roundBoard(Graphics2D g, double cx, double cy, double rx, double ry, Color wood) {
        shadow(g, cx + 10, cy + ry * 0.5, rx * 1.05, ry * 0.9);
        fill(g, ellipse(cx, cy + 16, rx, ry), darker(wood, 0.35));
        g.setPaint(new GradientPaint((float) (cx - rx), (float) (cy - ry), lighter(wood, 0.15),
                (float) (cx + rx), (float) (cy + ry), darker(wood, 0.12)));
        g.fill(ellipse(cx, cy, rx, ry));
        for (double f = 0.3; f < 1; f += 0.22) {
            stroke(g, ellipse(cx, cy, rx * f, ry * f), alpha(darker(wood, 0.4), 30), 2);
        }
    }

    /** Pedestal cake stand; the caller stands the cake on plateY. */
    static void cakeStand(Graphics2D g, double cx, double plateY, double rx, Color color) {
        double ry = rx * 0.2;
        shadow(g, cx + 10, 572, rx * 0.75, 24);
        fillRounded(g, ellipse(cx, 560, rx * 0.42, rx * 0.42 * 0.22), darker(color, 0.05));
        Path2D stem = new Path2D.Double();
        stem.moveTo(cx - 24, plateY + ry);
        stem.lineTo(cx + 24, plateY + ry);
        stem.lineTo(cx + 42, 556);
        stem.lineTo(cx - 42, 556);
        stem.closePath();
        g.setPaint(sideLight(cx - 42, cx + 42, color));
        g.fill(stem);
        g.setPaint(sideLight(cx - rx, cx + rx, darker(color, 0.12)));
        g.fill(ellipse(cx, plateY + 9, rx, ry));
        g.setPaint(new GradientPaint((float) (cx - rx), (float) plateY, lighter(color, 0.25),
                (float) (cx + rx), (float) plateY, darker(color, 0.05)));
        g.fill(ellipse(cx, plateY, rx, ry));
    }

    // ------------------------------------------------------------------ reusable bakery shapes

    /** A cut into a crust: dark shadow, then the paler opened crumb, then a lighter "ear" edge. */
    static void score(Graphics2D g, Shape cut, Color crust, Color crumb, double width) {
        stroke(g, cut, alpha(darker(crust, 0.55), 150), width + 6);
        stroke(g, cut, crumb, width);
        stroke(g, moved(cut, -2, -3), alpha(lighter(crumb, 0.45), 200), width * 0.35);
    }

    /** A lens-shaped cut from (x1,y1) to (x2,y2) that opened by `open` pixels at its widest. */
    static Path2D lensCut(double x1, double y1, double x2, double y2, double open) {
        double mx = (x1 + x2) / 2;
        double my = (y1 + y2) / 2;
        double len = Math.hypot(x2 - x1, y2 - y1);
        double nx = -(y2 - y1) / len * open;
        double ny = (x2 - x1) / len * open;
        Path2D lens = new Path2D.Double();
        lens.moveTo(x1, y1);
        lens.quadTo(mx - nx, my - ny, x2, y2);
        lens.quadTo(mx + nx * 0.4, my + ny * 0.4, x1, y1);
        lens.closePath();
        return lens;
    }

    /** Fills an opened cut: a dark lip just above it, then the paler crumb. */
    static void openCut(Graphics2D g, Shape cut, Color crust, Color crumb) {
        fill(g, moved(cut, 0, -3), alpha(darker(crust, 0.5), 150));
        fill(g, cut, crumb);
    }

    /** Tin-loaf profile: straight sides and a domed top that rose over the rim. */
    static Area tinLoaf(double x, double y, double w, double h) {
        Area a = new Area(new RoundRectangle2D.Double(x, y + h * 0.35, w, h * 0.65, 26, 26));
        a.add(new Area(new Ellipse2D.Double(x - w * 0.03, y, w * 1.06, h * 0.72)));
        return a;
    }

    /** Round cake as stacked bands drawn bottom-up, so each boundary curves like the front of a cylinder. Returns the top y. */
    static double cylinder(Graphics2D g, double cx, double bottomY, double rx, double ry, double[] heights, Color[] colors) {
        double y1 = bottomY;
        for (int i = 0; i < heights.length; i++) {
            double y0 = y1 - heights[i];
            Area band = new Area(new Rectangle2D.Double(cx - rx, y0, 2 * rx, y1 - y0));
            band.add(new Area(ellipse(cx, y1, rx, ry)));
            g.setPaint(sideLight(cx - rx, cx + rx, colors[i]));
            g.fill(band);
            y1 = y0;
        }
        return y1;
    }

    /** Glaze or ganache running over the front edge of a round cake. */
    static void drips(Graphics2D g, Random rnd, double cx, double topY, double rx, double ry, Color color, double maxLen) {
        Area coat = new Area(new Rectangle2D.Double(cx - rx, topY, 2 * rx, 10));
        coat.add(new Area(ellipse(cx, topY + 10, rx, ry)));
        for (double x = cx - rx + 14; x < cx + rx - 10; x += 22 + rnd.nextDouble() * 18) {
            double edge = topY + 10 + ry * Math.sqrt(Math.max(0, 1 - Math.pow((x - cx) / rx, 2)));
            double len = 14 + rnd.nextDouble() * maxLen;
            double w = 12 + rnd.nextDouble() * 8;
            coat.add(new Area(new RoundRectangle2D.Double(x - w / 2, edge - 12, w, len, w, w)));
        }
        g.setPaint(sideLight(cx - rx, cx + rx, color));
        g.fill(coat);
        g.setPaint(new RadialGradientPaint(new Point2D.Double(cx - rx * 0.3, topY), (float) rx * 0.5f,
                new float[] {0f, 1f}, new Color[] {alpha(Color.WHITE, 70), alpha(Color.WHITE, 0)}));
        g.fill(coat);
    }

    /** Top surface of a round cake. */
    static Shape cakeTop(Graphics2D g, double cx, double topY, double rx, double ry, Color color) {
        Shape top = ellipse(cx, topY, rx, ry);
        g.setPaint(new GradientPaint((float) (cx - rx), (float) (topY - ry), lighter(color, 0.2),
                (float) (cx + rx), (float) (topY + ry), darker(color, 0.08)));
        g.fill(top);
        return top;
    }

    /**
     * Croissant seen from above: a crescent split into rolled bands. Band edges bow towards the
     * tips, so each band looks tucked under its fatter neighbour nearer the middle.
     */
    static Area croissant(Graphics2D g, double cx, double cy, double scale, double degrees, Color base) {
        AffineTransform at = AffineTransform.getTranslateInstance(cx, cy);
        at.rotate(Math.toRadians(degrees));
        at.scale(scale, scale);
        double[] cuts = {0, 0.12, 0.245, 0.37, 0.63, 0.755, 0.88, 1};
        List<Shape> bands = new ArrayList<>();
        // the outline is traced separately: a union of the bands would keep hairline seams
        Path2D outline = new Path2D.Double();
        for (int i = 0; i <= 100; i++) {
            Point2D p = crescentPoint(i / 100.0, 1);
            if (i == 0) {
                outline.moveTo(p.getX(), p.getY());
            } else {
                outline.lineTo(p.getX(), p.getY());
            }
        }
        for (int i = 100; i >= 0; i--) {
            Point2D p = crescentPoint(i / 100.0, -1);
            outline.lineTo(p.getX(), p.getY());
        }
        outline.closePath();
        Area whole = new Area(at.createTransformedShape(outline));
        for (int k = 0; k + 1 < cuts.length; k++) {
            Path2D band = new Path2D.Double();
            double ta = cuts[k];
            double tb = cuts[k + 1];
            Point2D start = crescentPoint(ta, 1);
            band.moveTo(start.getX(), start.getY());
            for (double t = ta; t <= tb + 1e-9; t += 0.01) {
                Point2D p = crescentPoint(Math.min(t, tb), 1);
                band.lineTo(p.getX(), p.getY());
            }
            Point2D ctrlB = crescentPoint(tb + (tb < 0.5 ? -0.07 : 0.07), 0);
            Point2D innerB = crescentPoint(tb, -1);
            band.quadTo(ctrlB.getX(), ctrlB.getY(), innerB.getX(), innerB.getY());
            for (double t = tb; t >= ta - 1e-9; t -= 0.01) {
                Point2D p = crescentPoint(Math.max(t, ta), -1);
                band.lineTo(p.getX(), p.getY());
            }
            Point2D ctrlA = crescentPoint(ta + (ta < 0.5 ? -0.07 : 0.07), 0);
            band.quadTo(ctrlA.getX(), ctrlA.getY(), start.getX(), start.getY());
            band.closePath();
            Shape s = at.createTransformedShape(band);
            bands.add(s);
        }
        softShadow(g, whole, 10, 16, 110);
        Rectangle2D b = whole.getBounds2D();
        for (int k = 0; k < bands.size(); k++) {
            double mid = (cuts[k] + cuts[k + 1]) / 2;
            // tips bake darker than the puffy middle
            Color tone = mix(darker(base, 0.3), lighter(base, 0.06), Math.sin(Math.PI * mid));
            fillRounded(g, bands.get(k), tone);
        }
        Shape old = g.getClip();
        g.clip(whole);
        for (Shape s : bands) {
            stroke(g, s, alpha(darker(base, 0.55), 110), 2.5 * scale);
            stroke(g, moved(s, -2, -2), alpha(lighter(base, 0.5), 70), 1.5 * scale);
        }
        g.setPaint(new RadialGradientPaint(new Point2D.Double(b.getCenterX() - b.getWidth() * 0.08, b.getY() + b.getHeight() * 0.3),
                (float) (b.getWidth() * 0.3), new float[] {0f, 1f}, new Color[] {alpha(Color.WHITE, 90), alpha(Color.WHITE, 0)}));
        g.fill(whole);
        g.setClip(old);
        return whole;
    }

    /** A point on the croissant crescent at t (0..1, tip to tip); side 1 = outer edge, -1 = inner edge, 0 = centre line. */
    static Point2D crescentPoint(double t, int side) {
        double theta = Math.toRadians(-157 + 134 * t);
        double thickness = 20 + 135 * Math.pow(Math.sin(Math.PI * Math.max(0, Math.min(1, t))), 1.3);
        double r = 195 + side * thickness / 2;
        return new Point2D.Double(r * Math.cos(theta), 150 + r * Math.sin(theta));
    }

    /** Round cookie: darker baked rim, paler centre. */
    static Shape cookie(Graphics2D g, Random rnd, double cx, double cy, double r, Color base, Color rim) {
        shadow(g, cx + 8, cy + 12, r * 1.08, r * 0.95);
        Shape s = lumpyCircle(rnd, cx, cy, r, 0.035);
        g.setPaint(new RadialGradientPaint(new Point2D.Double(cx, cy), (float) (r * 1.08),
                new Point2D.Double(cx - r * 0.2, cy - r * 0.2), new float[] {0f, 0.65f, 0.9f, 1f},
                new Color[] {lighter(base, 0.15), base, rim, darker(rim, 0.25)}, RadialGradientPaint.CycleMethod.NO_CYCLE));
        g.fill(s);
        // a few soft bumps so the surface is not perfectly flat
        Shape old = g.getClip();
        g.clip(s);
        for (int i = 0; i < 5; i++) {
            Point2D p = pointIn(s, rnd);
            double br = r * (0.2 + rnd.nextDouble() * 0.2);
            g.setPaint(new RadialGradientPaint(p, (float) br, new float[] {0f, 1f},
                    new Color[] {alpha(i % 2 == 0 ? Color.WHITE : darker(rim, 0.3), 40), alpha(Color.WHITE, 0)}));
            g.fill(ellipse(p.getX(), p.getY(), br, br));
        }
        g.setClip(old);
        return s;
    }

    static void strawberry(Graphics2D g, Random rnd, double cx, double cy, double s, double degrees) {
        AffineTransform at = AffineTransform.getTranslateInstance(cx, cy);
        at.rotate(Math.toRadians(degrees));
        Path2D body = new Path2D.Double();
        body.moveTo(0, s);
        body.curveTo(-s * 0.95, s * 0.25, -s * 0.85, -s * 0.75, 0, -s * 0.62);
        body.curveTo(s * 0.85, -s * 0.75, s * 0.95, s * 0.25, 0, s);
        Shape berry = at.createTransformedShape(body);
        fillRounded(g, berry, c(0xd42a3a));
        for (int i = 0; i < 14; i++) {
            double sx = (rnd.nextDouble() - 0.5) * s * 1.1;
            double sy = -s * 0.4 + rnd.nextDouble() * s * 1.1;
            Point2D p = at.transform(new Point2D.Double(sx, sy), null);
            if (berry.contains(p)) {
                fill(g, ellipse(p.getX(), p.getY(), s * 0.045, s * 0.065), c(0xf3d77a));
            }
        }
        for (int i = 0; i < 5; i++) {
            double a = Math.PI * 2 * i / 5;
            AffineTransform leaf = new AffineTransform(at);
            leaf.translate(0, -s * 0.62);
            leaf.rotate(a);
            fill(g, leaf.createTransformedShape(ellipse(s * 0.22, 0, s * 0.24, s * 0.09)), c(0x3f7d32));
        }
    }

    static void cherry(Graphics2D g, double cx, double cy, double r) {
        stroke(g, quad(cx, cy - r * 0.6, cx + r * 0.3, cy - r * 2, cx + r * 1.1, cy - r * 2.6), c(0x4a5a22), 3.5);
        fillRounded(g, ellipse(cx, cy, r, r * 0.92), c(0xa3162a));
        fill(g, ellipse(cx - r * 0.35, cy - r * 0.35, r * 0.22, r * 0.14), alpha(Color.WHITE, 170));
    }

    static void lemonWheel(Graphics2D g, double cx, double cy, double rx, double ry) {
        fillRounded(g, ellipse(cx, cy, rx, ry), c(0xf0c92c));
        fill(g, ellipse(cx, cy, rx * 0.88, ry * 0.88), c(0xfbf1c4));
        fill(g, ellipse(cx, cy, rx * 0.8, ry * 0.8), c(0xf7dc62));
        for (int i = 0; i < 8; i++) {
            double a = Math.PI * 2 * i / 8;
            stroke(g, new Line2D.Double(cx, cy, cx + rx * 0.8 * Math.cos(a), cy + ry * 0.8 * Math.sin(a)),
                    c(0xfbf1c4), Math.max(1.5, rx * 0.05));
        }
    }

    static void rosemarySprig(Graphics2D g, Random rnd, double x, double y, double len, double degrees) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(Math.toRadians(degrees));
        stroke(g, new Line2D.Double(0, 0, len, 0), c(0x5b4a2a), 3);
        for (double t = 6; t < len; t += 7) {
            double l = 14 + rnd.nextDouble() * 8 - t * 0.06;
            for (int side = -1; side <= 1; side += 2) {
                double a = Math.toRadians(side * (40 + rnd.nextDouble() * 15));
                Color leaf = rnd.nextBoolean() ? c(0x3f6b34) : c(0x56874a);
                stroke(g, new Line2D.Double(t, 0, t + l * Math.cos(a), l * Math.sin(a)), leaf, 4.5);
            }
        }
        g.setTransform(saved);
    }

    // ------------------------------------------------------------------ breads

    static void countrySourdough(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x8a5a3b));
        roundBoard(g, 400, 395, 330, 150, c(0xc99a66));
        shadow(g, 405, 440, 240, 70);
        Shape loaf = ellipse(400, 325, 225, 150);
        fillRounded(g, loaf, c(0xa35d2a));
        Shape old = g.getClip();
        g.clip(loaf);
        // flour left by the proofing basket, heaviest on top
        g.setPaint(new RadialGradientPaint(new Point2D.Double(385, 285), 210f, new float[] {0f, 1f},
                new Color[] {alpha(Color.WHITE, 120), alpha(Color.WHITE, 0)}));
        g.fill(loaf);
        // square score: four curved cuts that opened into pale ears
        Color crust = c(0xa35d2a);
        Color crumb = c(0xe2b577);
        score(g, quad(335, 215, 300, 330, 340, 440), crust, crumb, 14);
        score(g, quad(470, 215, 505, 330, 465, 440), crust, crumb, 14);
        score(g, quad(260, 285, 400, 255, 545, 290), crust, crumb, 14);
        score(g, quad(260, 375, 400, 410, 545, 370), crust, crumb, 14);
        g.setClip(old);
    }

    static void seededRye(Graphics2D g, Random rnd) {
        linen(g, rnd, c(0xe4d3b8));
        shadow(g, 420, 380, 290, 90);
        Shape loaf = rotated(ellipse(420, 300, 270, 125), -8, 420, 300);
        fillRounded(g, loaf, c(0x5f3b22));
        Shape old = g.getClip();
        g.clip(inset(loaf, 0.96));
        for (int i = 0; i < 3; i++) {
            double x = 300 + i * 120;
            openCut(g, lensCut(x - 40, 335 - i * 16, x + 45, 250 - i * 16, 26), c(0x5f3b22), c(0x9c7650));
        }
        Color[] seeds = {c(0xd8cba8), c(0xe9d28f), c(0x2d2116), c(0xbfae86)};
        for (int i = 0; i < 170; i++) {
            Point2D p = pointIn(loaf, rnd);
            Shape seed = rotated(ellipse(p.getX(), p.getY(), 6, 3.2), rnd.nextDouble() * 180, p.getX(), p.getY());
            fill(g, seed, seeds[rnd.nextInt(seeds.length)]);
        }
        g.setClip(old);

        // a cut slice leaning in front shows the dense, seedy crumb
        shadow(g, 210, 500, 150, 40);
        Shape slice = rotated(ellipse(200, 440, 140, 95), -14, 200, 440);
        fill(g, slice, c(0x4a2d19));
        Shape crumb = inset(slice, 0.9);
        g.setPaint(new RadialGradientPaint(new Point2D.Double(185, 425), 150f, new float[] {0f, 1f},
                new Color[] {c(0xa38463), c(0x7e6145)}));
        g.fill(crumb);
        for (int i = 0; i < 45; i++) {
            Point2D p = pointIn(inset(crumb, 0.95), rnd);
            fill(g, ellipse(p.getX(), p.getY(), 4.5, 3), seeds[rnd.nextInt(seeds.length)]);
        }
    }

    static void honeyOatLoaf(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x6e4a32));
        // chopping board: top face plus a darker front edge
        shadow(g, 410, 470, 360, 60);
        Shape boardTop = new RoundRectangle2D.Double(70, 360, 660, 130, 40, 40);
        fill(g, moved(boardTop, 0, 18), c(0x8a5a32));
        g.setPaint(new GradientPaint(70, 360, c(0xe2b887), 730, 490, c(0xc99a66)));
        g.fill(boardTop);

        double x = 130;
        double y = 170;
        double w = 540;
        double h = 260;
        shadow(g, x + w / 2 + 10, y + h - 5, w * 0.55, 30);
        Area loaf = tinLoaf(x, y, w, h);
        // tin-baked sides stay pale; the exposed dome browns deeply
        g.setPaint(new GradientPaint(0, (float) y, c(0xa8621f), 0, (float) (y + h), c(0xe8bd78)));
        g.fill(loaf);
        g.setPaint(new LinearGradientPaint((float) (x - 20), 0f, (float) (x + w + 20), 0f, new float[] {0f, 0.3f, 1f},
                new Color[] {alpha(Color.BLACK, 70), alpha(Color.WHITE, 30), alpha(Color.BLACK, 90)}));
        g.fill(loaf);
        Shape dome = new Ellipse2D.Double(x - w * 0.03, y, w * 1.06, h * 0.72);
        Shape old = g.getClip();
        g.clip(loaf);
        // the crease under the overhanging crown, where the tin rim was
        stroke(g, quad(x, y + h * 0.42, x + w / 2, y + h * 0.62, x + w, y + h * 0.42), alpha(c(0x6a3a12), 120), 6);
        g.clip(dome);
        g.clip(new Rectangle2D.Double(x - 30, y, w + 60, h * 0.42));
        for (int i = 0; i < 110; i++) {
            Point2D p = pointIn(new Rectangle2D.Double(x - 20, y, w + 40, h * 0.4), rnd);
            Shape flake = rotated(ellipse(p.getX(), p.getY(), 9, 5.5), rnd.nextDouble() * 180, p.getX(), p.getY());
            fill(g, flake, rnd.nextBoolean() ? c(0xeedfb8) : c(0xdcc595));
            stroke(g, flake, alpha(c(0x8a6a3a), 70), 1);
        }
        // honey glaze catching the light along the crown
        stroke(g, quad(x + 60, y + 60, x + w / 2, y - 10, x + w - 60, y + 60), alpha(c(0xfff0b0), 110), 14);
        g.setClip(old);
        honeyDipper(g, 610, 470, -18);
    }

    /** Wooden honey dipper: a handle and a grooved bulb, with a drop of honey. */
    static void honeyDipper(Graphics2D g, double x, double y, double degrees) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(Math.toRadians(degrees));
        shadow(g, 40, 22, 120, 14);
        fillRounded(g, new RoundRectangle2D.Double(-20, -7, 170, 14, 14, 14), c(0xd9a86a));
        Shape bulb = new RoundRectangle2D.Double(-70, -26, 70, 52, 40, 40);
        fillRounded(g, bulb, c(0xd9a86a));
        for (int k = 0; k < 4; k++) {
            stroke(g, new Line2D.Double(-60 + k * 16, -22, -60 + k * 16, 22), alpha(c(0x8a5a2a), 150), 4);
        }
        fill(g, ellipse(-35, 30, 26, 9), alpha(c(0xe0a021), 220));
        fill(g, ellipse(-42, 28, 8, 3), alpha(Color.WHITE, 150));
        g.setTransform(saved);
    }

    static void rosemaryFocaccia(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x5b3a26));
        parchment(g, rnd, 400, 310, 680, 470, 3);
        Shape slab = rotated(new RoundRectangle2D.Double(120, 130, 560, 350, 90, 90), -4, 400, 305);
        fill(g, moved(slab, 0, 16), c(0xa8692c));
        fillRounded(g, slab, c(0xdca44c));
        Shape old = g.getClip();
        g.clip(slab);
        // dimples pressed in by fingertips, each holding a little oil
        for (int row = 0; row < 5; row++) {
            for (int col = 0; col < 8; col++) {
                double x = 170 + col * 66 + rnd.nextDouble() * 18 + (row % 2) * 22;
                double y = 165 + row * 68 + rnd.nextDouble() * 14;
                fill(g, ellipse(x, y, 14, 10), alpha(c(0x9a5a1c), 150));
                fill(g, ellipse(x + 3, y + 3, 7, 4), alpha(c(0xfff0b0), 150));
            }
        }
        for (int i = 0; i < 4; i++) {
            Point2D p = pointIn(slab, rnd);
            fillRounded(g, ellipse(p.getX(), p.getY(), 20, 18), c(0xd4362a));
            fill(g, ellipse(p.getX() + 2, p.getY() + 2, 13, 11), c(0xf07a5a));
        }
        for (int i = 0; i < 6; i++) {
            Point2D p = pointIn(inset(slab, 0.8), rnd);
            rosemarySprig(g, rnd, p.getX() - 40, p.getY(), 90 + rnd.nextDouble() * 40, -30 + rnd.nextDouble() * 60);
        }
        for (int i = 0; i < 45; i++) {
            Point2D p = pointIn(slab, rnd);
            fill(g, chunk(rnd, p.getX(), p.getY(), 3.5), alpha(Color.WHITE, 220));
        }
        g.setClip(old);
    }

    static void cinnamonRaisinSwirl(Graphics2D g, Random rnd) {
        linen(g, rnd, c(0xead9c0));
        teaTowel(g, 430, 470, 760, 230, -4, c(0xf4ede2), c(0x9c3b2c));
        // the rest of the loaf behind the slices
        shadow(g, 520, 430, 230, 40);
        Area loaf = tinLoaf(330, 150, 380, 280);
        g.setPaint(new GradientPaint(0, 150, c(0x8c4f24), 0, 430, c(0xc88a4e)));
        g.fill(loaf);
        g.setPaint(new LinearGradientPaint(320f, 0f, 720f, 0f, new float[] {0f, 0.3f, 1f},
                new Color[] {alpha(Color.BLACK, 60), alpha(Color.WHITE, 25), alpha(Color.BLACK, 90)}));
        g.fill(loaf);
        // two slices standing in front, showing the swirl
        for (int i = 0; i < 2; i++) {
            double x = 110 + i * 150;
            double y = 200 + i * 40;
            shadow(g, x + 140, y + 300, 150, 30);
            Area slice = tinLoaf(x, y, 260, 270);
            fill(g, slice, c(0x7e421c));
            Shape crumb = inset(slice, 0.9);
            g.setPaint(new RadialGradientPaint(new Point2D.Double(x + 110, y + 110), 200f, new float[] {0f, 1f},
                    new Color[] {c(0xf7e6c4), c(0xe7c996)}));
            g.fill(crumb);
            Shape old = g.getClip();
            g.clip(crumb);
            Path2D swirl = spiral(x + 130, y + 150, 112, 3.2, 1);
            stroke(g, swirl, alpha(c(0x9b5426), 200), 11);
            stroke(g, swirl, alpha(c(0x6a3414), 160), 4);
            for (int k = 0; k < 10; k++) {
                Point2D p = pointIn(crumb, rnd);
                fillRounded(g, chunk(rnd, p.getX(), p.getY(), 7), c(0x3d1f2a));
            }
            g.setClip(old);
        }
    }

    static void baguette(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x9a6b45));
        teaTowel(g, 400, 330, 820, 300, 8, c(0xf3ece0), c(0x3d5a7a));
        baguetteLoaf(g, 390, 250, 720, 96, -14, c(0xc98638));
        baguetteLoaf(g, 420, 380, 700, 104, -8, c(0xb8752c));
    }

    static void baguetteLoaf(Graphics2D g, double cx, double cy, double len, double thick, double degrees, Color crust) {
        AffineTransform at = AffineTransform.getTranslateInstance(cx, cy);
        at.rotate(Math.toRadians(degrees));
        double hl = len / 2;
        double ht = thick / 2;
        // long body with rounded, slightly pointed ends
        Path2D body = new Path2D.Double();
        body.moveTo(-hl, 0);
        body.curveTo(-hl, -ht, -hl + thick * 0.6, -ht, -hl + thick, -ht);
        body.lineTo(hl - thick, -ht);
        body.curveTo(hl - thick * 0.6, -ht, hl, -ht, hl, 0);
        body.curveTo(hl, ht, hl - thick * 0.6, ht, hl - thick, ht);
        body.lineTo(-hl + thick, ht);
        body.curveTo(-hl + thick * 0.6, ht, -hl, ht, -hl, 0);
        body.closePath();
        Shape loaf = at.createTransformedShape(body);
        Point2D shadowAt = at.transform(new Point2D.Double(0, ht * 0.6), null);
        AffineTransform saved = g.getTransform();
        g.translate(shadowAt.getX() + 8, shadowAt.getY() + 12);
        g.rotate(Math.toRadians(degrees));
        shadow(g, 0, 0, hl, ht * 0.8);
        g.setTransform(saved);
        // shade across the loaf's width, not its length, so it reads as a cylinder
        Point2D top = at.transform(new Point2D.Double(0, -ht), null);
        Point2D bottom = at.transform(new Point2D.Double(0, ht), null);
        g.setPaint(new LinearGradientPaint(top, bottom, new float[] {0f, 0.3f, 1f},
                new Color[] {lighter(crust, 0.15), lighter(crust, 0.05), darker(crust, 0.4)}));
        g.fill(loaf);
        Color crumb = c(0xf0cf8e);
        Shape old = g.getClip();
        g.clip(loaf);
        for (int i = 0; i < 6; i++) {
            double x = -hl + thick * 0.9 + i * (len - thick * 1.8) / 5.0;
            Shape cut = at.createTransformedShape(lensCut(x - 52, 12, x + 52, -16, 26));
            openCut(g, cut, crust, crumb);
            stroke(g, at.createTransformedShape(quad(x - 44, 8, x + 8, 8, x + 46, -12)), alpha(darker(crust, 0.2), 110), 3);
        }
        g.setPaint(new LinearGradientPaint(top, bottom, new float[] {0f, 0.5f},
                new Color[] {alpha(Color.WHITE, 50), alpha(Color.WHITE, 0)}));
        g.fill(loaf);
        g.setClip(old);
    }

    // ------------------------------------------------------------------ pastries

    static void butterCroissant(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x7a4b2e));
        plate(g, 400, 320, 330, 230, c(0xf4f0e8));
        croissant(g, 400, 345, 1.15, -4, c(0xd99a3e));
        // a pat of butter on the rim
        shadow(g, 640, 470, 50, 16);
        fillRounded(g, new RoundRectangle2D.Double(600, 430, 76, 44, 14, 14), c(0xf7dc7a));
        fill(g, new RoundRectangle2D.Double(600, 460, 76, 14, 10, 10), c(0xe8c45c));
    }

    static void painAuChocolat(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x6a4a35));
        parchment(g, rnd, 400, 300, 640, 460, -5);
        painAuChocolatPiece(g, rnd, 330, 215, -10);
        painAuChocolatPiece(g, rnd, 480, 390, 6);
        // a few broken chocolate pieces on the paper
        for (int i = 0; i < 5; i++) {
            double x = 160 + rnd.nextDouble() * 220;
            double y = 440 + rnd.nextDouble() * 70;
            fillRounded(g, rotated(new RoundRectangle2D.Double(x, y, 34, 20, 6, 6), rnd.nextDouble() * 180, x, y), c(0x3b2114));
        }
    }

    static void painAuChocolatPiece(Graphics2D g, Random rnd, double cx, double cy, double degrees) {
        double w = 320;
        double h = 165;
        shadow(g, cx + 10, cy + 22, w * 0.58, h * 0.58);
        AffineTransform saved = g.getTransform();
        g.translate(cx, cy);
        g.rotate(Math.toRadians(degrees));
        // two chocolate batons run through the roll and show at both open ends
        for (double y : new double[] {-h * 0.22, h * 0.2}) {
            fillRounded(g, new RoundRectangle2D.Double(-w / 2 - 12, y - 15, w + 24, 30, 10, 10), c(0x3b2114));
        }
        Shape body = new RoundRectangle2D.Double(-w / 2, -h / 2, w, h, 110, 120);
        fillRounded(g, body, c(0xcf8a35));
        Shape old = g.getClip();
        g.clip(body);
        // darker rim so the flat rectangle reads as a puffy roll
        stroke(g, body, alpha(c(0x7a4416), 70), 26);
        stroke(g, body, alpha(c(0x7a4416), 60), 10);
        // flaky laminated layers curl round at the short ends
        for (int side = -1; side <= 1; side += 2) {
            for (int k = 1; k <= 3; k++) {
                double x = side * (w / 2 - k * 11);
                Path2D layer = quad(x, -h / 2, x - side * 16, 0, x, h / 2);
                stroke(g, layer, alpha(c(0x8a4f1c), 120), 3);
                stroke(g, moved(layer, -side * 3, 0), alpha(c(0xffe2a8), 110), 2);
            }
        }
        // where the dough wraps over itself on top
        Path2D flap = quad(-w / 2 + 30, -h * 0.02, 0, -h * 0.14, w / 2 - 30, -h * 0.02);
        stroke(g, flap, alpha(c(0x7a4416), 130), 6);
        stroke(g, moved(flap, 0, -5), alpha(c(0xffe0a0), 120), 3);
        // egg-wash gloss
        g.setPaint(new RadialGradientPaint(new Point2D.Double(-60, -40), 150f, new float[] {0f, 1f},
                new Color[] {alpha(Color.WHITE, 100), alpha(Color.WHITE, 0)}));
        g.fill(body);
        g.setClip(old);
        g.setTransform(saved);
    }

    static void almondCroissant(Graphics2D g, Random rnd) {
        linen(g, rnd, c(0xd9c4a3));
        plate(g, 400, 320, 330, 230, c(0xe8eef0));
        Area pastry = croissant(g, 400, 345, 1.15, 5, c(0xc27a30));
        Shape old = g.getClip();
        g.clip(pastry);
        // icing sugar settles in soft drifts rather than an even coat
        for (int i = 0; i < 7; i++) {
            Point2D p = pointIn(pastry, rnd);
            float r = 40 + rnd.nextFloat() * 40;
            g.setPaint(new RadialGradientPaint(p, r, new float[] {0f, 1f},
                    new Color[] {alpha(Color.WHITE, 120), alpha(Color.WHITE, 0)}));
            g.fill(ellipse(p.getX(), p.getY(), r, r));
        }
        for (int i = 0; i < 26; i++) {
            almondFlake(g, rnd, pointIn(pastry, rnd));
        }
        g.setClip(old);
        for (int i = 0; i < 4; i++) {
            almondFlake(g, rnd, new Point2D.Double(250 + rnd.nextDouble() * 300, 470 + rnd.nextDouble() * 50));
        }
    }

    /** Flaked almond: a thin pale slice, round at one end and pointed at the other, with a hint of brown skin. */
    static void almondFlake(Graphics2D g, Random rnd, Point2D p) {
        double len = 17 + rnd.nextDouble() * 7;
        double wid = 10 + rnd.nextDouble() * 3;
        Path2D slice = new Path2D.Double();
        slice.moveTo(len, 0);
        slice.curveTo(len * 0.3, -wid * 1.1, -len, -wid, -len, 0);
        slice.curveTo(-len, wid, len * 0.3, wid * 1.1, len, 0);
        slice.closePath();
        AffineTransform at = AffineTransform.getTranslateInstance(p.getX(), p.getY());
        at.rotate(rnd.nextDouble() * Math.PI * 2);
        Shape flake = at.createTransformedShape(slice);
        fill(g, moved(flake, 2, 3), new Color(0, 0, 0, 40));
        fillRounded(g, flake, mix(c(0xf7ead0), c(0xe6c48e), rnd.nextDouble()));
        stroke(g, flake, alpha(c(0x9a6a3a), 110), 1.3);
    }

    static void morningBun(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x6e4630));
        morningBunPiece(g, rnd, 560, 230, 130);
        morningBunPiece(g, rnd, 330, 350, 190);
    }

    static void morningBunPiece(Graphics2D g, Random rnd, double cx, double cy, double r) {
        shadow(g, cx + 10, cy + 18, r * 1.2, r * 1.05);
        // pleated paper liner
        Path2D liner = new Path2D.Double();
        for (int i = 0; i <= 240; i++) {
            double t = Math.PI * 2 * i / 240;
            double rr = r * 1.13 * (1 + 0.02 * Math.sin(t * 30));
            if (i == 0) {
                liner.moveTo(cx + rr * Math.cos(t), cy + rr * Math.sin(t));
            } else {
                liner.lineTo(cx + rr * Math.cos(t), cy + rr * Math.sin(t));
            }
        }
        fillRounded(g, liner, c(0xe9dcc2));
        Shape bun = lumpyCircle(rnd, cx, cy, r, 0.03);
        fillRounded(g, bun, c(0xc7803a));
        Shape old = g.getClip();
        g.clip(bun);
        Path2D swirl = spiral(cx, cy, r * 0.98, 3.3, 1);
        stroke(g, swirl, alpha(c(0x6f3512), 190), r * 0.1);
        stroke(g, moved(swirl, -r * 0.04, -r * 0.04), alpha(c(0xf5c77e), 110), r * 0.05);
        // orange zest and sparkling sugar
        for (int i = 0; i < 16; i++) {
            Point2D p = pointIn(bun, rnd);
            double a = rnd.nextDouble() * Math.PI;
            stroke(g, new Line2D.Double(p.getX(), p.getY(), p.getX() + 7 * Math.cos(a), p.getY() + 7 * Math.sin(a)),
                    c(0xf08a1c), 2.5);
        }
        for (int i = 0; i < 15; i++) {
            Point2D p = pointIn(bun, rnd);
            fill(g, ellipse(p.getX(), p.getY(), 2, 2), alpha(Color.WHITE, 200));
        }
        g.setClip(old);
    }

    static void fruitDanish(Graphics2D g, Random rnd) {
        linen(g, rnd, c(0xf0e1ca));
        danish(g, rnd, 245, 290, 140, 12, true);
        danish(g, rnd, 570, 330, 135, -8, false);
    }

    static void danish(Graphics2D g, Random rnd, double cx, double cy, double r, double degrees, boolean apricot) {
        shadow(g, cx + 10, cy + 18, r * 1.15, r * 1.05);
        // a square folded into a pillowy cushion, turned like a diamond
        Shape pastry = rotated(new RoundRectangle2D.Double(cx - r, cy - r, 2 * r, 2 * r, r * 0.9, r * 0.9), 45 + degrees, cx, cy);
        fillRounded(g, pastry, c(0xd4933f));
        stroke(g, inset(pastry, 0.72), alpha(c(0x8a5220), 120), 6);
        fill(g, ellipse(cx, cy, r * 0.6, r * 0.58), c(0xf7e1a0));
        if (apricot) {
            for (int i = 0; i < 2; i++) {
                double x = cx - r * 0.2 + i * r * 0.38;
                double y = cy - r * 0.05 + i * r * 0.12;
                fillRounded(g, ellipse(x, y, r * 0.3, r * 0.27), c(0xf29a2e));
                fill(g, ellipse(x + r * 0.08, y + r * 0.06, r * 0.12, r * 0.1), alpha(c(0xd9541c), 120));
            }
        } else {
            for (int i = 0; i < 9; i++) {
                double a = rnd.nextDouble() * Math.PI * 2;
                double d = rnd.nextDouble() * r * 0.38;
                double x = cx + d * Math.cos(a);
                double y = cy + d * Math.sin(a);
                boolean blue = i % 3 != 0;
                double br = blue ? r * 0.1 : r * 0.13;
                fillRounded(g, ellipse(x, y, br, br), blue ? c(0x34406e) : c(0xc8253f));
                fill(g, ellipse(x - br * 0.3, y - br * 0.35, br * 0.25, br * 0.18), alpha(Color.WHITE, 150));
            }
        }
        // thin icing drizzle across the top
        Path2D zig = new Path2D.Double();
        zig.moveTo(cx - r * 0.9, cy - r * 0.5);
        for (int i = 1; i <= 6; i++) {
            zig.lineTo(cx - r * 0.9 + i * r * 0.3, cy + (i % 2 == 0 ? -r * 0.5 : r * 0.5));
        }
        Shape old = g.getClip();
        g.clip(pastry);
        stroke(g, rotated(zig, degrees, cx, cy), alpha(Color.WHITE, 200), 4);
        g.setClip(old);
    }

    static void hamGruyereScone(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x8d5e3c));
        double cx = 380;
        double cy = 300;
        double r = 185;
        // a round cut into six wedges, one pulled out towards the viewer
        for (int i = 0; i < 6; i++) {
            double start = 90 + i * 60 + 3;
            double mid = Math.toRadians(start + 27);
            double push = i == 4 ? 70 : 10;
            double wx = cx + push * Math.cos(mid);
            double wy = cy - push * Math.sin(mid);
            Shape wedge = new Arc2D.Double(wx - r, wy - r, 2 * r, 2 * r, start, 54, Arc2D.PIE);
            shadow(g, wx + r * 0.5 * Math.cos(mid) + 6, wy - r * 0.5 * Math.sin(mid) + 10, r * 0.55, r * 0.45);
            // stroking with round joins softens the wedge corners
            g.setStroke(round(18));
            g.setColor(c(0xc68a45));
            g.draw(wedge);
            fillRounded(g, wedge, c(0xd9a457));
            Shape old = g.getClip();
            g.clip(wedge);
            for (int k = 0; k < 5; k++) {
                Point2D p = pointIn(wedge, rnd);
                Shape cheese = chunk(rnd, p.getX(), p.getY(), 13 + rnd.nextDouble() * 8);
                fillRounded(g, cheese, c(0xeaa92f));
                stroke(g, cheese, alpha(c(0x9a5a14), 140), 2);
            }
            for (int k = 0; k < 5; k++) {
                Point2D p = pointIn(wedge, rnd);
                fillRounded(g, rotated(new RoundRectangle2D.Double(p.getX(), p.getY(), 14, 11, 4, 4),
                        rnd.nextDouble() * 90, p.getX(), p.getY()), c(0xdb8a86));
            }
            for (int k = 0; k < 7; k++) {
                Point2D p = pointIn(wedge, rnd);
                double a = rnd.nextDouble() * Math.PI;
                stroke(g, new Line2D.Double(p.getX(), p.getY(), p.getX() + 10 * Math.cos(a), p.getY() + 10 * Math.sin(a)),
                        c(0x4d7a2e), 3);
            }
            g.setClip(old);
        }
    }

    // ------------------------------------------------------------------ cakes

    static void lemonOliveOilCake(Graphics2D g, Random rnd) {
        linen(g, rnd, c(0xf1e3c6));
        cakeStand(g, 380, 420, 270, c(0xf5f1ea));
        double rx = 215;
        double ry = 48;
        double top = cylinder(g, 380, 412, rx, ry, new double[] {150}, new Color[] {c(0xcf963a)});
        drips(g, rnd, 380, top, rx, ry, c(0xfaf5e8), 60);
        cakeTop(g, 380, top, rx, ry, c(0xfbf7ee));
        lemonWheel(g, 300, top - 4, 42, 14);
        lemonWheel(g, 390, top + 8, 44, 15);
        lemonWheel(g, 470, top - 6, 40, 13);
        // a whole lemon beside the stand
        wholeLemon(g, 680, 505, -10);
    }

    static void wholeLemon(Graphics2D g, double cx, double cy, double degrees) {
        shadow(g, cx, cy + 35, 70, 20);
        fillRounded(g, rotated(ellipse(cx, cy, 68, 48), degrees, cx, cy), c(0xf2cf2e));
        fill(g, rotated(ellipse(cx - 62, cy, 14, 10), degrees, cx, cy), c(0xe3b51f));
        fill(g, rotated(ellipse(cx + 20, cy - 55, 40, 14), degrees - 20, cx + 20, cy - 55), c(0x5c8a3a));
    }

    static void chocolateLayerCake(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x4e3222));
        cakeStand(g, 400, 430, 280, c(0xece3d4));
        double rx = 220;
        double ry = 50;
        Color sponge = c(0x4b2a1a);
        Color cream = c(0x9a6a4a);
        double top = cylinder(g, 400, 422, rx, ry, new double[] {60, 16, 60, 16, 60},
                new Color[] {sponge, cream, sponge, cream, sponge});
        drips(g, rnd, 400, top, rx, ry, c(0x2a150b), 70);
        Shape surface = cakeTop(g, 400, top, rx, ry, c(0x2e180d));
        g.setPaint(new RadialGradientPaint(new Point2D.Double(340, top - 10), 140f, new float[] {0f, 1f},
                new Color[] {alpha(Color.WHITE, 60), alpha(Color.WHITE, 0)}));
        g.fill(surface);
        for (int i = 0; i < 6; i++) {
            double a = Math.PI * 2 * i / 6 + 0.3;
            cherry(g, 400 + rx * 0.6 * Math.cos(a), top + ry * 0.6 * Math.sin(a) - 10, 17);
        }
    }

    static void carrotCake(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0xb5844f));
        cakeStand(g, 400, 430, 280, c(0xcfd9bf));
        double rx = 215;
        double ry = 48;
        Color sponge = c(0xb0692e);
        Color frosting = c(0xf6efe2);
        double top = cylinder(g, 400, 422, rx, ry, new double[] {58, 18, 58, 18, 58, 12},
                new Color[] {sponge, frosting, sponge, frosting, sponge, frosting});
        cakeTop(g, 400, top, rx, ry, frosting);
        for (int i = 0; i < 8; i++) {
            double a = Math.PI * 2 * i / 8;
            double x = 400 + rx * 0.72 * Math.cos(a);
            double y = top + ry * 0.72 * Math.sin(a);
            if (i % 2 == 0) {
                fillRounded(g, ellipse(x, y - 6, 20, 13), c(0x8a5a2e));
                stroke(g, quad(x - 14, y - 6, x, y - 14, x + 14, y - 6), alpha(c(0x5a3418), 160), 2.5);
            } else {
                // little piped carrots
                Path2D carrot = new Path2D.Double();
                carrot.moveTo(x - 8, y - 18);
                carrot.lineTo(x + 8, y - 18);
                carrot.lineTo(x, y + 6);
                carrot.closePath();
                fillRounded(g, carrot, c(0xf0802a));
                stroke(g, new Line2D.Double(x, y - 18, x - 4, y - 28), c(0x4f8a3a), 3);
                stroke(g, new Line2D.Double(x, y - 18, x + 4, y - 28), c(0x4f8a3a), 3);
            }
        }
        AffineTransform saved = g.getTransform();
        g.translate(400, top);
        g.scale(1, 0.25);
        g.setPaint(new RadialGradientPaint(new Point2D.Double(0, 0), 90f, new float[] {0f, 1f},
                new Color[] {alpha(c(0xa0622a), 110), alpha(c(0xa0622a), 0)}));
        g.fill(ellipse(0, 0, 90, 90));
        g.setTransform(saved);
    }

    static void strawberryShortcake(Graphics2D g, Random rnd) {
        linen(g, rnd, c(0xf0d9cf));
        cakeStand(g, 390, 430, 275, c(0xfbfaf7));
        double rx = 210;
        double ry = 47;
        Color sponge = c(0xeec77e);
        Color cream = c(0xfbf6ec);
        double top = cylinder(g, 390, 422, rx, ry, new double[] {55, 40, 55, 40},
                new Color[] {sponge, cream, sponge, cream});
        // strawberry halves pressed against the side in each cream layer
        for (int layer = 0; layer < 2; layer++) {
            double y = 422 - 55 - 20 - layer * 95;
            for (double x = 390 - rx + 30; x < 390 + rx - 20; x += 58) {
                double edge = y + ry * Math.sqrt(Math.max(0, 1 - Math.pow((x - 390) / rx, 2)));
                Shape half = ellipse(x, edge, 22, 16);
                fillRounded(g, half, c(0xd8343f));
                fill(g, ellipse(x, edge, 12, 8), c(0xf49aa0));
            }
        }
        cakeTop(g, 390, top, rx, ry, cream);
        for (int i = 0; i < 7; i++) {
            double a = Math.PI * 2 * i / 7 + 0.4;
            double x = 390 + rx * 0.75 * Math.cos(a);
            double y = top + ry * 0.75 * Math.sin(a);
            fillRounded(g, ellipse(x, y - 8, 24, 16), c(0xfdfbf6));
        }
        strawberry(g, rnd, 340, top - 30, 34, -20);
        strawberry(g, rnd, 420, top - 26, 38, 15);
        strawberry(g, rnd, 390, top + 6, 30, 0);
        strawberry(g, rnd, 690, 520, 36, 40);
        strawberry(g, rnd, 110, 530, 32, -30);
    }

    static void basqueCheesecake(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x7d5236));
        plate(g, 400, 430, 330, 120, c(0xeae4da));
        double cx = 370;
        double rx = 190;
        double ry = 48;
        double bottom = 430;
        double top = bottom - 150;
        // crinkled parchment standing up behind the cake
        Path2D paper = new Path2D.Double();
        paper.moveTo(cx - rx - 12, bottom);
        for (double x = cx - rx - 12; x <= cx + rx + 12; x += 24) {
            paper.lineTo(x, top - 40 + rnd.nextDouble() * 30 - (1 - Math.abs(x - cx) / rx) * 25);
        }
        paper.lineTo(cx + rx + 12, bottom);
        paper.closePath();
        g.setPaint(sideLight(cx - rx - 12, cx + rx + 12, c(0xeadfca)));
        g.fill(paper);
        cylinder(g, cx, bottom, rx, ry, new double[] {150}, new Color[] {c(0xb8742f)});
        Shape surface = cakeTop(g, cx, top, rx, ry, c(0x3a1f0f));
        Shape old = g.getClip();
        g.clip(surface);
        // a burnt, mottled top: darker patches and caramel highlights
        for (int i = 0; i < 12; i++) {
            Point2D p = pointIn(surface, rnd);
            float pr = 25 + rnd.nextFloat() * 35;
            g.setPaint(new RadialGradientPaint(p, pr, new float[] {0f, 1f},
                    new Color[] {alpha(i % 3 == 0 ? c(0x8a4a1c) : c(0x1a0c05), 150), alpha(Color.BLACK, 0)}));
            g.fill(ellipse(p.getX(), p.getY(), pr, pr));
        }
        g.setClip(old);
        // a slice in front, its pale cut face showing the creamy inside
        Path2D topFace = new Path2D.Double();
        topFace.moveTo(470, 430);
        topFace.lineTo(640, 395);
        topFace.lineTo(660, 448);
        topFace.closePath();
        Path2D cutFace = new Path2D.Double();
        cutFace.moveTo(470, 430);
        cutFace.lineTo(660, 448);
        cutFace.lineTo(660, 528);
        cutFace.lineTo(470, 510);
        cutFace.closePath();
        shadow(g, 570, 520, 120, 20);
        g.setPaint(new GradientPaint(0, 430, c(0xf7e4b4), 0, 520, c(0xeccf8e)));
        g.fill(cutFace);
        stroke(g, quad(470, 434, 565, 442, 660, 452), c(0x3a1f0f), 9);
        stroke(g, quad(470, 508, 565, 516, 660, 526), c(0xb8742f), 6);
        fill(g, topFace, c(0x41220f));
        stroke(g, quad(500, 428, 560, 412, 630, 402), alpha(c(0x8a4a1c), 160), 8);
    }

    static void celebrationCupcakes(Graphics2D g, Random rnd) {
        linen(g, rnd, c(0xf4e4d6));
        cupcake(g, rnd, 200, 500, 0.85, c(0x5fb3a8), c(0xf6b8c8), false);
        cupcake(g, rnd, 600, 500, 0.85, c(0xf2c14e), c(0xc9b3e6), false);
        cupcake(g, rnd, 400, 540, 1.0, c(0xe2617a), c(0xfdf5ea), true);
    }

    static void cupcake(Graphics2D g, Random rnd, double cx, double baseY, double s, Color liner, Color frosting, boolean candle) {
        double bw = 130 * s;
        double tw = 175 * s;
        double lh = 120 * s;
        double topY = baseY - lh;
        shadow(g, cx + 8, baseY + 4, tw * 0.65, 22 * s);
        Path2D cup = new Path2D.Double();
        cup.moveTo(cx - tw / 2, topY);
        cup.lineTo(cx + tw / 2, topY);
        cup.lineTo(cx + bw / 2, baseY);
        cup.quadTo(cx, baseY + 14 * s, cx - bw / 2, baseY);
        cup.closePath();
        g.setPaint(sideLight(cx - tw / 2, cx + tw / 2, liner));
        g.fill(cup);
        // pleats of the paper case
        Shape old = g.getClip();
        g.clip(cup);
        for (int i = -5; i <= 5; i++) {
            double xt = cx + i * tw / 11;
            double xb = cx + i * bw / 11;
            stroke(g, new Line2D.Double(xt, topY, xb, baseY + 10), alpha(darker(liner, 0.35), 110), 3 * s);
        }
        g.setClip(old);
        fillRounded(g, ellipse(cx, topY, tw / 2 + 6 * s, 26 * s), c(0xa86a38));
        // piped swirl: stacked tiers, each narrower than the one below
        double[] widths = {200, 165, 125, 85};
        double y = topY - 12 * s;
        Area swirl = new Area();
        for (double w : widths) {
            Shape tier = ellipse(cx, y, w / 2 * s, 30 * s);
            fillRounded(g, tier, frosting);
            stroke(g, tier, alpha(darker(frosting, 0.3), 90), 2);
            swirl.add(new Area(tier));
            y -= 34 * s;
        }
        Path2D tip = new Path2D.Double();
        tip.moveTo(cx - 26 * s, y + 22 * s);
        tip.quadTo(cx - 4 * s, y - 6 * s, cx + 6 * s, y - 22 * s);
        tip.quadTo(cx + 12 * s, y + 6 * s, cx + 26 * s, y + 22 * s);
        tip.closePath();
        fillRounded(g, tip, frosting);
        swirl.add(new Area(tip));
        Color[] sprinkle = {c(0xe2617a), c(0x5fb3a8), c(0xf2c14e), c(0x7a6fd0), c(0xffffff), c(0xf08a3c)};
        for (int i = 0; i < 30; i++) {
            Point2D p = pointIn(swirl, rnd);
            Shape bit = rotated(new RoundRectangle2D.Double(p.getX() - 5 * s, p.getY() - 1.5 * s, 10 * s, 3.5 * s, 3, 3),
                    rnd.nextDouble() * 180, p.getX(), p.getY());
            fill(g, bit, sprinkle[rnd.nextInt(sprinkle.length)]);
        }
        if (candle) {
            double cy = y - 10 * s;
            Shape stick = new RoundRectangle2D.Double(cx - 6, cy - 90, 12, 95, 4, 4);
            fill(g, stick, c(0x5fb3a8));
            g.setClip(stick);
            for (int k = 0; k < 6; k++) {
                stroke(g, new Line2D.Double(cx - 10, cy - 85 + k * 18, cx + 10, cy - 95 + k * 18), c(0xfdf5ea), 5);
            }
            g.setClip(old);
            stroke(g, new Line2D.Double(cx, cy - 90, cx, cy - 100), c(0x333333), 2);
            g.setPaint(new RadialGradientPaint(new Point2D.Double(cx, cy - 112), 45f, new float[] {0f, 1f},
                    new Color[] {alpha(c(0xffe9a0), 140), alpha(c(0xffe9a0), 0)}));
            g.fill(ellipse(cx, cy - 112, 45, 45));
            Path2D flame = new Path2D.Double();
            flame.moveTo(cx, cy - 135);
            flame.quadTo(cx + 12, cy - 108, cx, cy - 98);
            flame.quadTo(cx - 12, cy - 108, cx, cy - 135);
            fillRounded(g, flame, c(0xf7b733));
            fill(g, ellipse(cx, cy - 106, 3.5, 6), c(0xfff6d0));
        } else {
            cherry(g, cx + 4, y - 4 * s, 13 * s);
        }
    }

    // ------------------------------------------------------------------ cookies and bars

    static void brownButterChocolateChip(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x6b4329));
        double[][] spots = {{250, 220, 150}, {560, 200, 135}, {420, 440, 150}, {710, 470, 110}, {110, 500, 110}};
        for (double[] s : spots) {
            Shape ck = cookie(g, rnd, s[0], s[1], s[2], c(0xd6a25e), c(0xa8662c));
            Shape old = g.getClip();
            g.clip(ck);
            for (int i = 0; i < (int) (s[2] / 14); i++) {
                Point2D p = pointIn(inset(ck, 0.88), rnd);
                Shape choc = chunk(rnd, p.getX(), p.getY(), 11 + rnd.nextDouble() * 9);
                fillRounded(g, choc, c(0x3b2314));
            }
            for (int i = 0; i < 5; i++) {
                Point2D p = pointIn(inset(ck, 0.8), rnd);
                fill(g, chunk(rnd, p.getX(), p.getY(), 3.5), alpha(Color.WHITE, 230));
            }
            g.setClip(old);
        }
    }

    static void oatmealCranberry(Graphics2D g, Random rnd) {
        linen(g, rnd, c(0xe9d9c0));
        parchment(g, rnd, 400, 310, 600, 440, 6);
        double[][] spots = {{270, 220, 130}, {530, 230, 125}, {300, 450, 120}, {560, 460, 130}};
        for (double[] s : spots) {
            Shape ck = cookie(g, rnd, s[0], s[1], s[2], c(0xc99656), c(0x93602e));
            Shape old = g.getClip();
            g.clip(ck);
            for (int i = 0; i < 22; i++) {
                Point2D p = pointIn(ck, rnd);
                Shape oat = rotated(ellipse(p.getX(), p.getY(), 10, 6), rnd.nextDouble() * 180, p.getX(), p.getY());
                fill(g, oat, c(0xe6d2a4));
                stroke(g, oat, alpha(c(0x8a6a3a), 90), 1.2);
            }
            for (int i = 0; i < 8; i++) {
                Point2D p = pointIn(inset(ck, 0.85), rnd);
                fillRounded(g, chunk(rnd, p.getX(), p.getY(), 9 + rnd.nextDouble() * 4), c(0x9e1b2e));
            }
            g.setClip(old);
        }
        for (int i = 0; i < 6; i++) {
            double x = 80 + rnd.nextDouble() * 640;
            double y = rnd.nextBoolean() ? 40 + rnd.nextDouble() * 40 : 540 + rnd.nextDouble() * 40;
            fillRounded(g, chunk(rnd, x, y, 11), c(0x9e1b2e));
        }
    }

    /** A square bake (brownie, lemon bar) in three-quarter view: top face plus a visible front edge. */
    static Shape bar(Graphics2D g, double x, double y, double size, double depth, Color top, Color[] edgeLayers) {
        double h = size * 0.72;
        shadow(g, x + size / 2 + 8, y + h + depth * 0.6, size * 0.62, h * 0.45);
        // slightly rounded corners: cut bakes are never razor sharp
        Shape edge = new RoundRectangle2D.Double(x, y + h - 12, size, depth + 12, 14, 14);
        Shape old = g.getClip();
        g.clip(edge);
        double ly = y + h;
        double step = depth / edgeLayers.length;
        for (Color layer : edgeLayers) {
            g.setPaint(sideLight(x, x + size, layer));
            g.fill(new Rectangle2D.Double(x, ly, size, step + 1));
            ly += step;
        }
        g.setClip(old);
        Shape face = new RoundRectangle2D.Double(x, y, size, h, 14, 14);
        g.setPaint(new GradientPaint((float) x, (float) y, lighter(top, 0.15), (float) (x + size), (float) (y + h), darker(top, 0.1)));
        g.fill(face);
        return face;
    }

    static void saltedCaramelBrownie(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x5a3826));
        parchment(g, rnd, 400, 310, 640, 480, -3);
        Color top = c(0x3e2315);
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 2; col++) {
                double x = 150 + col * 260 + rnd.nextDouble() * 20;
                double y = 110 + row * 215 + rnd.nextDouble() * 14;
                Shape face = bar(g, x, y, 220, 55, top, new Color[] {c(0x2f1a0f)});
                Shape old = g.getClip();
                g.clip(face);
                // crackly, shiny top
                g.setPaint(new RadialGradientPaint(new Point2D.Double(x + 70, y + 40), 120f, new float[] {0f, 1f},
                        new Color[] {alpha(c(0x8a5a3a), 150), alpha(c(0x8a5a3a), 0)}));
                g.fill(face);
                for (int k = 0; k < 4; k++) {
                    double sx = x + rnd.nextDouble() * 220;
                    double sy = y + rnd.nextDouble() * 158;
                    stroke(g, quad(sx, sy, sx + 30, sy - 20 + rnd.nextDouble() * 40, sx + 60, sy + 10), alpha(c(0x1e0f07), 170), 2.5);
                }
                Path2D drizzle = new Path2D.Double();
                drizzle.moveTo(x - 10, y + 20);
                for (int k = 1; k <= 6; k++) {
                    drizzle.quadTo(x + k * 40 - 20, y + (k % 2 == 0 ? 10 : 150), x + k * 40, y + 20 + k * 18);
                }
                stroke(g, drizzle, c(0xc7761f), 9);
                stroke(g, moved(drizzle, -2, -2), alpha(c(0xf5c06a), 200), 3);
                for (int k = 0; k < 10; k++) {
                    Point2D p = pointIn(face, rnd);
                    fill(g, chunk(rnd, p.getX(), p.getY(), 4), alpha(Color.WHITE, 235));
                }
                g.setClip(old);
            }
        }
    }

    static void lemonBars(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0xc9a27a));
        parchment(g, rnd, 400, 300, 660, 470, 4);
        Color curd = c(0xf2cf3c);
        Color[] edge = {c(0xeec32a), c(0xeec32a), c(0xd9a865), c(0xc99250)};
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 3; col++) {
                if (row == 1 && col == 2) {
                    continue; // leave room for the lemon garnish
                }
                double x = 110 + col * 200 + rnd.nextDouble() * 14;
                double y = 120 + row * 200 + rnd.nextDouble() * 14;
                Shape face = bar(g, x, y, 170, 60, curd, edge);
                Shape old = g.getClip();
                g.clip(face);
                // icing sugar dusting, patchy toward the edges
                for (int k = 0; k < 6; k++) {
                    Point2D p = pointIn(face, rnd);
                    float r = 30 + rnd.nextFloat() * 40;
                    g.setPaint(new RadialGradientPaint(p, r, new float[] {0f, 1f},
                            new Color[] {alpha(Color.WHITE, 170), alpha(Color.WHITE, 0)}));
                    g.fill(ellipse(p.getX(), p.getY(), r, r));
                }
                g.setClip(old);
            }
        }
        shadow(g, 615, 430, 85, 80);
        lemonWheel(g, 600, 410, 80, 80);
        wholeLemon(g, 690, 520, 25);
    }

    static void snickerdoodle(Graphics2D g, Random rnd) {
        linen(g, rnd, c(0xe6d7c4));
        teaTowel(g, 420, 330, 700, 460, -6, c(0xf5efe6), c(0xb0492f));
        double[][] spots = {{280, 230, 130}, {530, 210, 120}, {330, 450, 125}, {580, 430, 135}};
        for (double[] s : spots) {
            Shape ck = cookie(g, rnd, s[0], s[1], s[2], c(0xe8c892), c(0xc9955a));
            Shape old = g.getClip();
            g.clip(ck);
            // crackled top: short branching fissures
            for (int i = 0; i < 9; i++) {
                Point2D p = pointIn(inset(ck, 0.8), rnd);
                double a = rnd.nextDouble() * Math.PI * 2;
                double l = 25 + rnd.nextDouble() * 30;
                Path2D crack = quad(p.getX(), p.getY(), p.getX() + l * Math.cos(a + 0.5), p.getY() + l * Math.sin(a + 0.5),
                        p.getX() + l * 1.6 * Math.cos(a), p.getY() + l * 1.6 * Math.sin(a));
                stroke(g, crack, alpha(c(0xa8743c), 150), 3);
                stroke(g, moved(crack, -1.5, -1.5), alpha(c(0xfff1d6), 170), 1.5);
            }
            for (int i = 0; i < 40; i++) {
                Point2D p = pointIn(ck, rnd);
                fill(g, ellipse(p.getX(), p.getY(), 2.2, 2.2), alpha(c(0x8a4f24), 180));
            }
            g.setClip(old);
        }
        // cinnamon sticks
        for (int i = 0; i < 2; i++) {
            Shape stick = rotated(new RoundRectangle2D.Double(520, 545 + i * 22, 250, 24, 10, 10), -4, 640, 560);
            shadow(g, 650, 575 + i * 20, 130, 12);
            g.setPaint(new GradientPaint(0, 545 + i * 22, c(0xa8612f), 0, 569 + i * 22, c(0x6a3617)));
            g.fill(stick);
        }
    }

    static void veganPeanutButter(Graphics2D g, Random rnd) {
        woodTable(g, rnd, c(0x9b6a44));
        // a small bowl of peanut butter with a spooned swirl
        shadow(g, 640, 470, 130, 110);
        fillRounded(g, ellipse(625, 450, 115, 105), c(0xe8e0d2));
        fill(g, ellipse(625, 452, 90, 82), c(0xc49a6c));
        Shape butter = ellipse(625, 452, 84, 76);
        fillRounded(g, butter, c(0xc98d4e));
        Shape old = g.getClip();
        g.clip(butter);
        Path2D swirl = spiral(625, 452, 70, 2.2, 0.9);
        stroke(g, swirl, alpha(c(0x8a5424), 120), 7);
        stroke(g, moved(swirl, -3, -3), alpha(c(0xf0c68a), 130), 3);
        g.setClip(old);

        double[][] spots = {{245, 215, 135}, {525, 185, 125}, {300, 450, 130}};
        for (double[] s : spots) {
            Shape ck = cookie(g, rnd, s[0], s[1], s[2], c(0xd9a160), c(0xae6d32));
            g.clip(inset(ck, 0.9));
            // criss-cross fork marks: grooves with a dark upper wall and a lit lower wall
            for (int dir = 0; dir < 2; dir++) {
                double angle = Math.toRadians(dir == 0 ? 45 : -45);
                double dx = Math.cos(angle);
                double dy = Math.sin(angle);
                for (double k = -1.5; k <= 1.5; k++) {
                    double ox = s[0] - dy * k * 24;
                    double oy = s[1] + dx * k * 24;
                    Line2D groove = new Line2D.Double(ox - dx * s[2], oy - dy * s[2], ox + dx * s[2], oy + dy * s[2]);
                    stroke(g, groove, alpha(c(0x7a4318), 100), 8);
                    stroke(g, moved(groove, 2, 3), alpha(c(0xf3d29a), 90), 3);
                }
            }
            g.setClip(old);
        }
        double[][] nuts = {{700, 250, 30}, {745, 305, -20}, {470, 560, 70}, {90, 520, 10}};
        for (double[] n : nuts) {
            peanut(g, n[0], n[1], n[2]);
        }
    }

    /** Peanut in its shell: two lobes with a waist and a faint net texture. */
    static void peanut(Graphics2D g, double x, double y, double degrees) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(Math.toRadians(degrees));
        shadow(g, 4, 10, 44, 14);
        Area nut = new Area(ellipse(-17, 0, 22, 19));
        nut.add(new Area(ellipse(17, 0, 21, 18)));
        nut.add(new Area(ellipse(0, 0, 18, 14)));
        fillRounded(g, nut, c(0xdcb682));
        Shape old = g.getClip();
        g.clip(nut);
        for (int k = -3; k <= 3; k++) {
            stroke(g, new Line2D.Double(k * 10, -20, k * 10, 20), alpha(c(0x9a7448), 70), 2);
        }
        stroke(g, new Line2D.Double(-40, 0, 40, 0), alpha(c(0x9a7448), 60), 2);
        g.setClip(old);
        g.setTransform(saved);
    }
}
