package org.engram.driver.report;

/**
 * How a piece of text is drawn: {@code (x, y)} of {@link Canvas#text} is on its baseline, at the
 * start, middle or end of the text according to {@code anchor}, before rotation.
 *
 * @param size font size in pixels
 * @param colour its colour
 * @param anchor where {@code x} is along the text
 * @param bold whether bold
 * @param rotation degrees clockwise about {@code (x, y)}; -90 reads bottom to top
 */
public record TextStyle(double size, Colour colour, Anchor anchor, boolean bold, double rotation) {

  public TextStyle {
    if (!(size > 0) || colour == null || anchor == null) {
      throw new IllegalArgumentException("text needs a size > 0, a colour and an anchor");
    }
  }

  public static TextStyle of(double size, Anchor anchor) {
    return new TextStyle(size, Colour.BLACK, anchor, false, 0);
  }

  public TextStyle asBold() {
    return new TextStyle(size, colour, anchor, true, rotation);
  }

  public TextStyle colour(Colour c) {
    return new TextStyle(size, c, anchor, bold, rotation);
  }

  public TextStyle rotated(double degrees) {
    return new TextStyle(size, colour, anchor, bold, degrees);
  }

  /** Where the anchor point lies along the text. */
  public enum Anchor {
    START,
    MIDDLE,
    END
  }
}
