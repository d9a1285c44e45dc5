package org.engram.driver.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A {@link Canvas} that paints with Java2D into an image and writes it as PNG. Headless: no display
 * is needed, but text needs a font ({@code fontconfig} and a font package such as {@code
 * fonts-dejavu-core} on Linux).
 */
public final class PngCanvas implements Canvas {
  static {
    // Before any AWT class is initialised; a report run on a server has no display.
    System.setProperty("java.awt.headless", "true");
  }

  private final BufferedImage image;
  private final Graphics2D g;

  public PngCanvas(int width, int height) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    rect(0, 0, width, height, Colour.WHITE, null);
  }

  @Override
  public int width() {
    return image.getWidth();
  }

  @Override
  public int height() {
    return image.getHeight();
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, Stroke stroke) {
    use(stroke);
    g.draw(new Line2D.Double(x1, y1, x2, y2));
  }

  @Override
  public void polyline(double[] xs, double[] ys, Stroke stroke) {
    use(stroke);
    g.draw(path(xs, ys, false));
  }

  @Override
  public void polygon(double[] xs, double[] ys, Colour fill) {
    g.setColor(awt(fill));
    g.fill(path(xs, ys, true));
  }

  @Override
  public void rect(double x, double y, double w, double h, Colour fill, Stroke stroke) {
    Rectangle2D r = new Rectangle2D.Double(x, y, w, h);
    if (fill != null) {
      g.setColor(awt(fill));
      g.fill(r);
    }
    if (stroke != null) {
      use(stroke);
      g.draw(r);
    }
  }

  @Override
  public void circle(double cx, double cy, double radius, Colour fill) {
    g.setColor(awt(fill));
    g.fill(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius));
  }

  @Override
  public void text(double x, double y, String text, TextStyle style) {
    Font font = font(style.size(), style.bold());
    g.setFont(font);
    g.setColor(awt(style.colour()));
    double w = g.getFontMetrics().getStringBounds(text, g).getWidth();
    double dx =
        switch (style.anchor()) {
          case START -> 0;
          case MIDDLE -> -w / 2;
          case END -> -w;
        };
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    if (style.rotation() != 0) {
      g.rotate(Math.toRadians(style.rotation()));
    }
    g.drawString(text, (float) dx, 0f);
    g.setTransform(saved);
  }

  @Override
  public double textWidth(String text, double size) {
    return g.getFontMetrics(font(size, false)).getStringBounds(text, g).getWidth();
  }

  @Override
  public void clip(double x, double y, double w, double h) {
    g.setClip(new Rectangle2D.Double(x, y, w, h));
  }

  @Override
  public void unclip() {
    g.setClip(null);
  }

  /** Writes the image as PNG. */
  public void write(Path file) {
    try {
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IOException("no PNG writer in this JVM");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Font font(double size, boolean bold) {
    return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
  }

  private void use(Stroke s) {
    g.setColor(awt(s.colour()));
    float[] dash = s.dash().pattern();
    g.setStroke(
        new BasicStroke(
            (float) s.width(),
            BasicStroke.CAP_ROUND,
            BasicStroke.JOIN_ROUND,
            10f,
            dash.length == 0 ? null : dash,
            0f));
  }

  private static Path2D path(double[] xs, double[] ys, boolean closed) {
    Path2D.Double p = new Path2D.Double();
    for (int i = 0; i < xs.length; i++) {
      if (i == 0) {
        p.moveTo(xs[i], ys[i]);
      } else {
        p.lineTo(xs[i], ys[i]);
      }
    }
    if (closed) {
      p.closePath();
    }
    return p;
  }

  private static Color awt(Colour c) {
    return new Color(c.r(), c.g(), c.b(), (int) Math.round(c.alpha() * 255));
  }
}
