package org.engram.driver.report;

import java.util.List;
import org.engram.driver.report.TextStyle.Anchor;

/**
 * A grid of cells coloured by a signed value on a diverging map (white at zero, symmetric about
 * it), with the grid's values as ticks and a colour bar. Row 0 is drawn at the bottom.
 */
public final class Heatmap implements Chart {
  private static final double SMALL = 11.5;

  private final String title;
  private final String subtitle;
  private final String xLabel;
  private final String yLabel;
  private final String valueLabel;
  private final double[] xs;
  private final double[] ys;
  private final double[][] values;
  private final int width;
  private final int height;

  /**
   * @param values {@code values[row][column]}: row {@code i} at {@code ys[i]}, column {@code j} at
   *     {@code xs[j]}
   */
  public Heatmap(
      String title,
      String subtitle,
      String xLabel,
      String yLabel,
      String valueLabel,
      double[] xs,
      double[] ys,
      double[][] values) {
    if (values.length != ys.length) {
      throw new IllegalArgumentException(
          "heatmap needs one row per y value, got " + values.length + " and " + ys.length);
    }
    for (double[] row : values) {
      if (row.length != xs.length) {
        throw new IllegalArgumentException(
            "heatmap needs one column per x value, got " + row.length + " and " + xs.length);
      }
    }
    this.title = title;
    this.subtitle = subtitle;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.valueLabel = valueLabel;
    this.xs = xs.clone();
    this.ys = ys.clone();
    this.values = values.clone();
    this.width = 680;
    this.height = 590;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  /** The largest absolute value: the colour map runs from minus it to it. */
  double limit() {
    double m = 0;
    for (double[] row : values) {
      for (double v : row) {
        if (Double.isFinite(v)) {
          m = Math.max(m, Math.abs(v));
        }
      }
    }
    return m > 0 ? m : 1;
  }

  @Override
  public void draw(Canvas c) {
    double left = 84;
    double top = 78;
    double side = Math.min(width - left - 150, height - top - 64);
    double cellW = side / xs.length;
    double cellH = side / ys.length;
    double m = limit();

    c.text(left, 28, title, TextStyle.of(16, Anchor.START).asBold());
    c.text(left, 50, subtitle, new TextStyle(SMALL + 0.5, Colour.GREY, Anchor.START, false, 0));
    for (int i = 0; i < ys.length; i++) {
      for (int j = 0; j < xs.length; j++) {
        Colour fill = Palette.diverging(values[i][j] / m);
        // A hair wider than the cell: anti-aliased neighbours leave no seams.
        c.rect(
            left + j * cellW, top + side - (i + 1) * cellH, cellW + 0.5, cellH + 0.5, fill, null);
      }
    }
    Stroke axis = Stroke.solid(Colour.GREY, 1);
    c.rect(left, top, side, side, null, axis);
    TextStyle tick = TextStyle.of(SMALL, Anchor.MIDDLE).colour(Colour.rgb(60, 60, 60));
    int every = Math.max(1, (int) Math.ceil(xs.length / 9.0));
    for (int j = 0; j < xs.length; j += every) {
      double px = left + (j + 0.5) * cellW;
      c.line(px, top + side, px, top + side + 5, axis);
      c.text(px, top + side + 19, Ticks.formatPlain(xs[j]), tick);
    }
    every = Math.max(1, (int) Math.ceil(ys.length / 9.0));
    for (int i = 0; i < ys.length; i += every) {
      double py = top + side - (i + 0.5) * cellH;
      c.line(left - 5, py, left, py, axis);
      c.text(
          left - 8,
          py + 4,
          Ticks.formatPlain(ys[i]),
          new TextStyle(SMALL, tick.colour(), Anchor.END, false, 0));
    }
    c.text(left + side / 2, top + side + 44, xLabel, TextStyle.of(13, Anchor.MIDDLE));
    c.text(22, top + side / 2, yLabel, TextStyle.of(13, Anchor.MIDDLE).rotated(-90));
    colourBar(c, left + side + 28, top, side, m);
  }

  private void colourBar(Canvas c, double x, double top, double h, double m) {
    int slices = 128;
    double w = 18;
    for (int k = 0; k < slices; k++) {
      double t = -1 + 2 * (k + 0.5) / slices;
      double y0 = top + h - (k + 1) * h / slices;
      c.rect(x, y0, w, h / slices + 0.5, Palette.diverging(t), null);
    }
    Stroke axis = Stroke.solid(Colour.GREY, 1);
    c.rect(x, top, w, h, null, axis);
    List<Double> ticks = Ticks.linear(-m, m, 6);
    double step = Ticks.linearStep(-m, m, 6);
    for (double v : ticks) {
      double py = top + h / 2 - v / m * h / 2;
      c.line(x + w, py, x + w + 4, py, axis);
      c.text(x + w + 7, py + 4, label(v, step), TextStyle.of(SMALL, Anchor.START));
    }
    c.text(x + w + 70, top + h / 2, valueLabel, TextStyle.of(13, Anchor.MIDDLE).rotated(-90));
  }

  private static String label(double v, double step) {
    return step < 1e-3 ? Ticks.formatPlain(v) : Ticks.format(v, step);
  }
}
