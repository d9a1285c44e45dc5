package org.engram.driver.report;

import java.util.Locale;

/**
 * A {@link Canvas} that writes SVG 1.1 by hand. Text is measured by an estimate (0.58 of the font
 * size per character, a little wider than DejaVu Sans' average) so layouts leave room in any
 * viewer's font.
 */
public final class SvgCanvas implements Canvas {
  static final String FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif";
  private static final double CHAR_WIDTH = 0.58;

  private final int width;
  private final int height;
  private final StringBuilder body = new StringBuilder();
  private int clips;
  private boolean clipped;

  public SvgCanvas(int width, int height) {
    this.width = width;
    this.height = height;
    rect(0, 0, width, height, Colour.WHITE, null);
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, Stroke stroke) {
    body.append("<line x1=\"")
        .append(n(x1))
        .append("\" y1=\"")
        .append(n(y1))
        .append("\" x2=\"")
        .append(n(x2))
        .append("\" y2=\"")
        .append(n(y2))
        .append('"')
        .append(stroke(stroke))
        .append("/>\n");
  }

  @Override
  public void polyline(double[] xs, double[] ys, Stroke stroke) {
    body.append("<polyline points=\"")
        .append(points(xs, ys))
        .append("\" fill=\"none\"")
        .append(stroke(stroke))
        .append("/>\n");
  }

  @Override
  public void polygon(double[] xs, double[] ys, Colour fill) {
    body.append("<polygon points=\"")
        .append(points(xs, ys))
        .append('"')
        .append(fill(fill))
        .append("/>\n");
  }

  @Override
  public void rect(double x, double y, double w, double h, Colour fill, Stroke stroke) {
    body.append("<rect x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" width=\"")
        .append(n(w))
        .append("\" height=\"")
        .append(n(h))
        .append('"')
        .append(fill == null ? " fill=\"none\"" : fill(fill))
        .append(stroke == null ? "" : stroke(stroke))
        .append("/>\n");
  }

  @Override
  public void circle(double cx, double cy, double radius, Colour fill) {
    body.append("<circle cx=\"")
        .append(n(cx))
        .append("\" cy=\"")
        .append(n(cy))
        .append("\" r=\"")
        .append(n(radius))
        .append('"')
        .append(fill(fill))
        .append("/>\n");
  }

  @Override
  public void text(double x, double y, String text, TextStyle style) {
    body.append("<text x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" font-size=\"")
        .append(n(style.size()))
        .append("\" text-anchor=\"")
        .append(
            switch (style.anchor()) {
              case START -> "start";
              case MIDDLE -> "middle";
              case END -> "end";
            })
        .append('"')
        .append(fill(style.colour()));
    if (style.bold()) {
      body.append(" font-weight=\"bold\"");
    }
    if (style.rotation() != 0) {
      body.append(" transform=\"rotate(")
          .append(n(style.rotation()))
          .append(' ')
          .append(n(x))
          .append(' ')
          .append(n(y))
          .append(")\"");
    }
    body.append('>').append(escape(text)).append("</text>\n");
  }

  @Override
  public double textWidth(String text, double size) {
    return text.length() * size * CHAR_WIDTH;
  }

  @Override
  public void clip(double x, double y, double w, double h) {
    unclip();
    String id = "clip" + clips++;
    body.append("<clipPath id=\"")
        .append(id)
        .append("\"><rect x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" width=\"")
        .append(n(w))
        .append("\" height=\"")
        .append(n(h))
        .append("\"/></clipPath>\n<g clip-path=\"url(#")
        .append(id)
        .append(")\">\n");
    clipped = true;
  }

  @Override
  public void unclip() {
    if (clipped) {
      body.append("</g>\n");
      clipped = false;
    }
  }

  /** The document. */
  public String toSvg() {
    unclip();
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\""
        + width
        + "\" height=\""
        + height
        + "\" viewBox=\"0 0 "
        + width
        + " "
        + height
        + "\" font-family=\""
        + FONT_FAMILY
        + "\">\n"
        + body
        + "</svg>\n";
  }

  /** Text for XML content and attributes. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        default -> {
          // XML 1.0 allows no control characters but tab, newline and carriage return.
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  private static String stroke(Stroke s) {
    StringBuilder sb =
        new StringBuilder(" stroke=\"")
            .append(s.colour().toHex())
            .append("\" stroke-width=\"")
            .append(n(s.width()))
            .append("\" stroke-linecap=\"round\" stroke-linejoin=\"round\"");
    if (s.colour().alpha() < 1) {
      sb.append(" stroke-opacity=\"").append(n(s.colour().alpha())).append('"');
    }
    float[] dash = s.dash().pattern();
    if (dash.length > 0) {
      sb.append(" stroke-dasharray=\"");
      for (int i = 0; i < dash.length; i++) {
        sb.append(i == 0 ? "" : ",").append(n(dash[i]));
      }
      sb.append('"');
    }
    return sb.toString();
  }

  private static String fill(Colour c) {
    return " fill=\""
        + c.toHex()
        + "\""
        + (c.alpha() < 1 ? " fill-opacity=\"" + n(c.alpha()) + "\"" : "");
  }

  private static String points(double[] xs, double[] ys) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < xs.length; i++) {
      sb.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
    }
    return sb.toString();
  }

  /** A coordinate with at most two decimals and no trailing zeros. */
  private static String n(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s.equals("-0") ? "0" : s;
  }
}
