import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.ImageIO;

/** Draws a 6000 x 4000 (24-megapixel) JPEG like a phone's, for photo-upload.sh. Usage: java BigPhoto.java OUT.jpg */
public class BigPhoto {
    public static void main(String[] args) throws Exception {
        BufferedImage img = new BufferedImage(6000, 4000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        Random r = new Random(1);
        for (int i = 0; i < 4000; i++) {
            g.setColor(new Color(r.nextInt(0xFFFFFF)));
            g.fillOval(r.nextInt(6000), r.nextInt(4000), 20 + r.nextInt(300), 20 + r.nextInt(300));
        }
        g.dispose();
        ImageIO.write(img, "jpg", new File(args[0]));
    }
}
