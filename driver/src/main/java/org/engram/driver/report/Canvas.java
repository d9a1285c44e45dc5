package org.engram.driver.report;

/**
 * What the charts draw on, in pixels with y growing downwards. One implementation writes SVG, one
 * PNG, so both files of a figure come from the same drawing code.
 */
public interface Canvas {

  int width();

  int height();

  void line(double x1, double y1, double x2, double y2, Stroke stroke);

  /** An open line through the points; {@code xs} and {@code ys} have the same length. */
  void polyline(double[] xs, double[] ys, Stroke stroke);

  /** A closed shape filled with {@code fill}, without outline. */
  void polygon(double[] xs, double[] ys, Colour fill);

  /** A rectangle, filled when {@code fill} is not null and outlined when {@code stroke} is not. */
  void rect(double x, double y, double w, double h, Colour fill, Stroke stroke);

  /** A filled circle. */
  void circle(double cx, double cy, double radius, Colour fill);

  void text(double x, double y, String text, TextStyle style);

  /** The width the text takes in pixels at this size (a close estimate where it cannot measure). */
  double textWidth(String text, double size);

  /** Restricts drawing to a rectangle until {@link #unclip()}. */
  void clip(double x, double y, double w, double h);

  void unclip();
}
