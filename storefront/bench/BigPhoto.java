import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws the benchmark's pictures for photo-upload.sh: a 6000 x 4000 (24-megapixel) JPEG like a
 * phone's, or a square transparent PNG like a logo or a cut-out cake from an editor.
 * Usage: java BigPhoto.java OUT.jpg | java BigPhoto.java OUT.png SIDE
 */
public class BigPhoto {
    public static void main(String[] args) throws Exception {
        boolean png = args[0].endsWith(".png");
        int w = png ? Integer.parseInt(args[1]) : 6000;
        int h = png ? w : 4000;
        BufferedImage img = new BufferedImage(w, h, png ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        Random r = new Random(1);
        for (int i = 0; i < 4000; i++) {
            // PNG: a third of the shapes half-transparent, the rest of the picture fully transparent.
            int alpha = png && i % 3 == 0 ? 128 : 255;
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256), alpha));
            g.fillOval(r.nextInt(w), r.nextInt(h), 20 + r.nextInt(w / 20), 20 + r.nextInt(h / 13));
        }
        g.dispose();
        ImageIO.write(img, png ? "png" : "jpg", new File(args[0]));
    }
}
