package org.engram.driver.report;

import java.util.Locale;

/**
 * An sRGB colour with opacity.
 *
 * @param r red, 0 to 255
 * @param g green, 0 to 255
 * @param b blue, 0 to 255
 * @param alpha opacity, 0 (transparent) to 1
 */
public record Colour(int r, int g, int b, double alpha) {
  public static final Colour BLACK = rgb(0, 0, 0);
  public static final Colour WHITE = rgb(255, 255, 255);
  public static final Colour GREY = rgb(110, 110, 110);
  public static final Colour LIGHT_GREY = rgb(225, 225, 225);

  public Colour {
    for (int c : new int[] {r, g, b}) {
      if (c < 0 || c > 255) {
        throw new IllegalArgumentException("colour channels must be 0 to 255, got " + c);
      }
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be 0 to 1, got " + alpha);
    }
  }

  public static Colour rgb(int r, int g, int b) {
    return new Colour(r, g, b, 1);
  }

  /** From {@code #rrggbb}. */
  public static Colour hex(String hex) {
    int v = Integer.parseInt(hex.substring(1), 16);
    return rgb((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
  }

  public Colour withAlpha(double a) {
    return new Colour(r, g, b, a);
  }

  /** {@code #rrggbb}, without the opacity. */
  public String toHex() {
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  /** The colour a fraction {@code t} of the way from this one to {@code other}. */
  public Colour mix(Colour other, double t) {
    return rgb(
        (int) Math.round(r + (other.r - r) * t),
        (int) Math.round(g + (other.g - g) * t),
        (int) Math.round(b + (other.b - b) * t));
  }
}
