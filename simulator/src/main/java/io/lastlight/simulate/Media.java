package io.lastlight.simulate;

import io.lastlight.simulate.world.Mix;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small valid PNG and JPEG images, a few deterministic variants made once and picked by path. */
final class Media {
    private static final int VARIANTS = 8;
    private static volatile byte[][] png;
    private static volatile byte[][] jpg;

    private Media() {}

    private static synchronized void init() {
        if (png != null) return;
        byte[][] p = new byte[VARIANTS][];
        byte[][] j = new byte[VARIANTS][];
        for (int v = 0; v < VARIANTS; v++) {
            BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            long h = Mix.mix64(v + 1);
            int base = (int) (h & 0xFFFFFF);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int c = ((x / 8 + y / 8) % 2 == 0) ? base : (base ^ 0x7F7F7F);
                    img.setRGB(x, y, c);
                }
            }
            p[v] = encode(img, "png");
            j[v] = encode(img, "jpg");
        }
        jpg = j;
        png = p;
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no ImageIO writer for " + format);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Image bytes for a media path, or null if the path does not name an image. */
    static byte[] bytes(String path) {
        init();
        int v = (int) Math.floorMod(Mix.mix64(path.hashCode()), (long) VARIANTS);
        if (path.endsWith(".png")) return png[v];
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) return jpg[v];
        return null;
    }
}
