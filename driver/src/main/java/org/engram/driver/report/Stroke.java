package org.engram.driver.report;

/**
 * How a line is drawn.
 *
 * @param colour its colour
 * @param width its width in pixels
 * @param dash its dash pattern
 */
public record Stroke(Colour colour, double width, Dash dash) {

  public Stroke {
    if (colour == null || dash == null) {
      throw new IllegalArgumentException("a stroke needs a colour and a dash");
    }
    if (!(width > 0)) {
      throw new IllegalArgumentException("stroke width must be > 0, got " + width);
    }
  }

  public static Stroke solid(Colour colour, double width) {
    return new Stroke(colour, width, Dash.SOLID);
  }

  /** Dash patterns, as lengths of drawn and skipped pixels. */
  public enum Dash {
    SOLID(),
    DASHED(7, 4),
    DOTTED(2, 3),
    DASH_DOT(8, 3, 2, 3);

    private final float[] pattern;

    Dash(float... pattern) {
      this.pattern = pattern;
    }

    /** The pattern; empty for a solid line. */
    public float[] pattern() {
      return pattern.clone();
    }
  }
}
