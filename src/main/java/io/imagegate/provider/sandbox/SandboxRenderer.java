package io.imagegate.provider.sandbox;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/** Draws a deterministic abstract picture (gradient, shapes) for a {@link SandboxImage} and encodes it. */
final class SandboxRenderer {

    private static final int SHAPES = 12;

    private SandboxRenderer() {
    }

    static byte[] render(SandboxImage image) {
        SplittableRandom random = new SplittableRandom(image.key());
        BufferedImage canvas = new BufferedImage(image.width(), image.height(),
                image.transparent() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            if (!image.transparent()) {
                g.setPaint(new GradientPaint(0, 0, color(random, 255), image.width(), image.height(), color(random, 255)));
                g.fillRect(0, 0, image.width(), image.height());
            }
            int unit = Math.max(8, Math.min(image.width(), image.height()) / 6);
            for (int i = 0; i < SHAPES; i++) {
                g.setColor(color(random, 120 + random.nextInt(136)));
                int x = random.nextInt(image.width());
                int y = random.nextInt(image.height());
                int w = unit / 2 + random.nextInt(unit * 2);
                int h = unit / 2 + random.nextInt(unit * 2);
                switch (random.nextInt(3)) {
                    case 0 -> g.fillOval(x - w / 2, y - h / 2, w, h);
                    case 1 -> g.fillRect(x - w / 2, y - h / 2, w, h);
                    default -> {
                        g.setStroke(new BasicStroke(Math.max(2, unit / 10f)));
                        g.drawLine(x, y, random.nextInt(image.width()), random.nextInt(image.height()));
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return encode(canvas, image.format());
    }

    private static Color color(SplittableRandom random, int alpha) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), alpha);
    }

    private static byte[] encode(BufferedImage canvas, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(canvas, format, out)) {
                throw new IllegalStateException("No ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
