package org.engram.driver.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.engram.driver.report.TextStyle.Anchor;

/**
 * Lines of series with a 95% band (or bar, for a lone point) where a point has an interval,
 * reference lines, axes with ticks (linear, log2 or log10) and a legend to the right of the plot,
 * where it covers no data.
 */
public final class LineChart implements Chart {
  private static final double FONT = 13;
  private static final double SMALL = 11.5;
  private static final double ROW = 20;
  private static final double MARKER = 4.2;

  /**
   * One point; {@code lo} and {@code hi} are NaN when it has no interval.
   *
   * @param x the x value
   * @param y the y value (the mean)
   * @param lo the interval's lower end
   * @param hi the interval's upper end
   */
  public record Point(double x, double y, double lo, double hi) {
    boolean hasInterval() {
      return Double.isFinite(lo) && Double.isFinite(hi);
    }
  }

  /**
   * How intervals are drawn: shaded bands, or error bars with the series dodged sideways by a few
   * pixels so that bars of equal points do not hide each other (for more than a couple of series).
   */
  public enum Intervals {
    BANDS,
    BARS
  }

  /** The shape drawn at each point of a series. */
  public enum Marker {
    CIRCLE,
    SQUARE,
    TRIANGLE,
    DIAMOND
  }

  /**
   * A series: a label for the legend, its look, its points in x order.
   *
   * @param label the legend's text
   * @param colour line, marker and band colour
   * @param dash the line's dash
   * @param marker the point's shape
   * @param points the points
   */
  public record Series(
      String label, Colour colour, Stroke.Dash dash, Marker marker, List<Point> points) {
    public Series {
      points = points.stream().sorted((a, b) -> Double.compare(a.x(), b.x())).toList();
    }
  }

  /**
   * A reference line {@code y = f(x)}, drawn dashed across the plot and listed in the legend.
   *
   * @param label its text
   * @param colour its colour
   * @param f y as a function of x
   * @param inlineLabel whether the label is also written on the line at the plot's right edge
   */
  public record Reference(
      String label, Colour colour, DoubleUnaryOperator f, boolean inlineLabel, Stroke.Dash dash) {
    public static Reference horizontal(String label, Colour colour, double y, boolean inline) {
      return new Reference(label, colour, x -> y, inline, Stroke.Dash.DASHED);
    }
  }

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final Scale.Kind xKind;
  private final Scale.Kind yKind;
  private final double yMin;
  private final double yMax;
  private final List<Series> series;
  private final List<Reference> references;
  private final List<String> notes;
  private final Intervals intervals;
  private final int width;
  private final int height;

  private LineChart(Builder b) {
    this.title = b.title;
    this.xLabel = b.xLabel;
    this.yLabel = b.yLabel;
    this.xKind = b.xKind;
    this.yKind = b.yKind;
    this.yMin = b.yMin;
    this.yMax = b.yMax;
    this.series = List.copyOf(b.series);
    this.references = List.copyOf(b.references);
    this.notes = List.copyOf(b.notes);
    this.intervals = b.intervals;
    this.width = b.width;
    this.height = b.height;
  }

  public static Builder builder(String title, String xLabel, String yLabel) {
    return new Builder(title, xLabel, yLabel);
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  /** The x scale of a plot area from {@code left} to {@code right}. */
  Scale xScale(double left, double right) {
    List<Double> xs = new ArrayList<>();
    series.forEach(s -> s.points().forEach(p -> xs.add(p.x())));
    xs.removeIf(x -> !Double.isFinite(x) || (xKind != Scale.Kind.LINEAR && !(x > 0)));
    double lo = xs.stream().mapToDouble(Double::doubleValue).min().orElse(1);
    double hi = xs.stream().mapToDouble(Double::doubleValue).max().orElse(2);
    if (xKind == Scale.Kind.LINEAR) {
      double[] r = Ticks.niceRange(lo, hi, 6);
      return new Scale(xKind, r[0], r[1], left, right);
    }
    // Half a step of the log's base either side, so no point sits on the frame.
    double pad = xKind == Scale.Kind.LOG2 ? Math.sqrt(2) : Math.sqrt(10);
    return new Scale(xKind, lo / pad, hi * pad, left, right);
  }

  /** The y scale of a plot area from {@code bottom} to {@code top}, given the x scale. */
  Scale yScale(Scale x, double bottom, double top) {
    List<Double> ys = new ArrayList<>();
    for (Series s : series) {
      for (Point p : s.points()) {
        ys.add(p.y());
        ys.add(p.lo());
        ys.add(p.hi());
      }
    }
    for (Reference r : references) {
      ys.add(r.f().applyAsDouble(x.lo()));
      ys.add(r.f().applyAsDouble(x.hi()));
    }
    // An interval beyond the limits widens the axis to them, no further.
    ys.replaceAll(v -> Double.isFinite(v) ? Math.max(yMin, Math.min(yMax, v)) : v);
    ys.removeIf(v -> !Double.isFinite(v) || (yKind != Scale.Kind.LINEAR && !(v > 0)));
    if (ys.isEmpty()) {
      ys.add(yKind == Scale.Kind.LINEAR ? 0.0 : 1.0);
    }
    double lo = ys.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
    double hi = ys.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
    if (yKind == Scale.Kind.LINEAR) {
      // A margin, so that no point sits on the frame unless a limit puts it there.
      double pad = 0.04 * (hi > lo ? hi - lo : Math.max(1, Math.abs(hi)));
      double[] r = Ticks.niceRange(lo - pad, hi + pad, 6);
      return new Scale(yKind, Math.max(r[0], yMin), Math.min(r[1], yMax), bottom, top);
    }
    double base = yKind == Scale.Kind.LOG2 ? 2 : 10;
    double l = Math.pow(base, Math.floor(Math.log(lo) / Math.log(base) + 1e-9));
    double h = Math.pow(base, Math.ceil(Math.log(hi) / Math.log(base) - 1e-9));
    return new Scale(yKind, l, h > l ? h : l * base, bottom, top);
  }

  @Override
  public void draw(Canvas c) {
    double legendWidth = legendWidth(c);
    double left = 84;
    double top = 52;
    double right = width - legendWidth - 28;
    double bottom = height - 60;
    Scale x = xScale(left, right);
    Scale y = yScale(x, bottom, top);

    c.text(left, 30, title, TextStyle.of(16, Anchor.START).asBold());
    axes(c, x, y, left, top, right, bottom);
    c.clip(left, top, right - left, bottom - top);
    for (Reference r : references) {
      reference(c, r, x, y, right);
    }
    for (int i = 0; i < series.size(); i++) {
      intervals(c, series.get(i), shifted(x, dodge(i)), y);
    }
    for (int i = 0; i < series.size(); i++) {
      line(c, series.get(i), shifted(x, dodge(i)), y);
    }
    c.unclip();
    legend(c, right + 18, top);
  }

  /**
   * The sideways shift of series {@code i} in pixels: none with bands, nor for a series without
   * intervals (a ceiling, a baseline), which stays at its exact x.
   */
  private double dodge(int i) {
    List<Series> barred =
        series.stream().filter(s -> s.points().stream().anyMatch(Point::hasInterval)).toList();
    int at = barred.indexOf(series.get(i));
    if (intervals == Intervals.BANDS || at < 0) {
      return 0;
    }
    return (at - (barred.size() - 1) / 2.0) * 5;
  }

  private static Scale shifted(Scale x, double px) {
    return new Scale(x.kind(), x.lo(), x.hi(), x.pixLo() + px, x.pixHi() + px);
  }

  private void axes(Canvas c, Scale x, Scale y, double l, double t, double r, double b) {
    Stroke grid = Stroke.solid(Colour.LIGHT_GREY, 1);
    Stroke axis = Stroke.solid(Colour.GREY, 1);
    TextStyle tick = TextStyle.of(SMALL, Anchor.MIDDLE).colour(Colour.rgb(60, 60, 60));
    for (double v : x.ticks()) {
      double px = x.map(v);
      c.line(px, t, px, b, grid);
      c.line(px, b, px, b + 5, axis);
      c.text(px, b + 19, x.label(v), tick);
    }
    for (double v : y.ticks()) {
      double py = y.map(v);
      c.line(l, py, r, py, grid);
      c.line(l - 5, py, l, py, axis);
      c.text(l - 8, py + 4, y.label(v), new TextStyle(SMALL, tick.colour(), Anchor.END, false, 0));
    }
    c.rect(l, t, r - l, b - t, null, axis);
    c.text((l + r) / 2, b + 44, xLabel, TextStyle.of(FONT, Anchor.MIDDLE));
    c.text(22, (t + b) / 2, yLabel, TextStyle.of(FONT, Anchor.MIDDLE).rotated(-90));
  }

  private void intervals(Canvas c, Series s, Scale x, Scale y) {
    if (intervals == Intervals.BARS) {
      for (Point p : s.points()) {
        if (p.hasInterval()) {
          band(c, s, List.of(p), x, y);
        }
      }
      return;
    }
    List<Point> run = new ArrayList<>();
    for (Point p : s.points()) {
      if (p.hasInterval()) {
        run.add(p);
      } else {
        band(c, s, run, x, y);
        run.clear();
      }
    }
    band(c, s, run, x, y);
  }

  /** A band over a run of points with intervals; a bar with caps for a run of one. */
  private static void band(Canvas c, Series s, List<Point> run, Scale x, Scale y) {
    if (run.size() == 1) {
      Point p = run.get(0);
      double px = x.map(p.x());
      Stroke bar = Stroke.solid(s.colour(), 1.5);
      c.line(px, yPix(y, p.lo()), px, yPix(y, p.hi()), bar);
      c.line(px - 5, yPix(y, p.lo()), px + 5, yPix(y, p.lo()), bar);
      c.line(px - 5, yPix(y, p.hi()), px + 5, yPix(y, p.hi()), bar);
    } else if (run.size() > 1) {
      int n = run.size();
      double[] xs = new double[2 * n];
      double[] ys = new double[2 * n];
      for (int i = 0; i < n; i++) {
        xs[i] = x.map(run.get(i).x());
        ys[i] = yPix(y, run.get(i).hi());
        xs[2 * n - 1 - i] = xs[i];
        ys[2 * n - 1 - i] = yPix(y, run.get(i).lo());
      }
      c.polygon(xs, ys, s.colour().withAlpha(0.16));
    }
  }

  /** The pixel of a y value; one a log axis cannot show lies below the plot (clipped). */
  private static double yPix(Scale y, double v) {
    double p = y.map(v);
    return Double.isNaN(p) ? y.pixLo() + 1000 : p;
  }

  private void reference(Canvas c, Reference r, Scale x, Scale y, double right) {
    int n = 64;
    double[] xs = new double[n + 1];
    double[] ys = new double[n + 1];
    double u0 = x.kind().f(x.lo());
    double u1 = x.kind().f(x.hi());
    for (int i = 0; i <= n; i++) {
      double xv = x.kind().inverse(u0 + (u1 - u0) * i / n);
      xs[i] = x.map(xv);
      ys[i] = yPix(y, r.f().applyAsDouble(xv));
    }
    c.polyline(xs, ys, new Stroke(r.colour(), 1.4, r.dash()));
    if (r.inlineLabel()) {
      double ly = ys[n] - 6;
      if (ly < y.pixHi() + 14) {
        ly = ys[n] + 16; // under the line when it runs along the top of the plot
      }
      c.text(right - 6, ly, r.label(), new TextStyle(SMALL, r.colour(), Anchor.END, false, 0));
    }
  }

  private static void line(Canvas c, Series s, Scale x, Scale y) {
    Stroke stroke = new Stroke(s.colour(), 2, s.dash());
    List<double[]> segment = new ArrayList<>();
    for (Point p : s.points()) {
      double px = x.map(p.x());
      double py = y.map(p.y());
      if (Double.isNaN(px) || Double.isNaN(py)) {
        polyline(c, segment, stroke);
        segment.clear();
      } else {
        segment.add(new double[] {px, py});
      }
    }
    polyline(c, segment, stroke);
    for (Point p : s.points()) {
      double px = x.map(p.x());
      double py = y.map(p.y());
      if (!Double.isNaN(px) && !Double.isNaN(py)) {
        marker(c, s.marker(), px, py, s.colour());
      }
    }
  }

  private static void polyline(Canvas c, List<double[]> pts, Stroke stroke) {
    if (pts.size() < 2) {
      return;
    }
    double[] xs = new double[pts.size()];
    double[] ys = new double[pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      xs[i] = pts.get(i)[0];
      ys[i] = pts.get(i)[1];
    }
    c.polyline(xs, ys, stroke);
  }

  static void marker(Canvas c, Marker m, double x, double y, Colour colour) {
    double r = MARKER;
    switch (m) {
      case CIRCLE -> c.circle(x, y, r, colour);
      case SQUARE -> c.rect(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r, colour, null);
      case TRIANGLE ->
          c.polygon(
              new double[] {x, x + r * 1.1, x - r * 1.1},
              new double[] {y - r * 1.2, y + r * 0.8, y + r * 0.8},
              colour);
      case DIAMOND ->
          c.polygon(
              new double[] {x, x + r * 1.2, x, x - r * 1.2},
              new double[] {y - r * 1.2, y, y + r * 1.2, y},
              colour);
    }
  }

  private double legendWidth(Canvas c) {
    double w = 0;
    for (Series s : series) {
      w = Math.max(w, c.textWidth(s.label(), SMALL) + 40);
    }
    for (Reference r : references) {
      w = Math.max(w, c.textWidth(r.label(), SMALL) + 40);
    }
    for (String n : notes) {
      w = Math.max(w, c.textWidth(n, SMALL - 1) + 8);
    }
    return Math.min(w + 16, width * 0.45);
  }

  private void legend(Canvas c, double x, double top) {
    double w = width - x - 10;
    int rows = series.size() + references.size();
    double h = rows * ROW + notes.size() * (ROW - 4) + 12;
    c.rect(x, top, w, h, Colour.WHITE, Stroke.solid(Colour.LIGHT_GREY, 1));
    double y = top + 6 + ROW / 2;
    TextStyle text = TextStyle.of(SMALL, Anchor.START);
    for (Series s : series) {
      c.line(x + 8, y, x + 32, y, new Stroke(s.colour(), 2, s.dash()));
      marker(c, s.marker(), x + 20, y, s.colour());
      c.text(x + 38, y + 4, s.label(), text);
      y += ROW;
    }
    for (Reference r : references) {
      c.line(x + 8, y, x + 32, y, new Stroke(r.colour(), 1.4, r.dash()));
      c.text(x + 38, y + 4, r.label(), text);
      y += ROW;
    }
    TextStyle note = new TextStyle(SMALL - 1, Colour.GREY, Anchor.START, false, 0);
    for (String n : notes) {
      c.text(x + 8, y + 4, n, note);
      y += ROW - 4;
    }
  }

  /** Collects a chart's parts; sizes default to 1000 × 560 pixels. */
  public static final class Builder {
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private Scale.Kind xKind = Scale.Kind.LINEAR;
    private Scale.Kind yKind = Scale.Kind.LINEAR;
    private double yMin = Double.NEGATIVE_INFINITY;
    private double yMax = Double.POSITIVE_INFINITY;
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Intervals intervals = Intervals.BANDS;
    private int width = 1000;
    private int height = 560;

    private Builder(String title, String xLabel, String yLabel) {
      this.title = title;
      this.xLabel = xLabel;
      this.yLabel = yLabel;
    }

    public Builder xKind(Scale.Kind k) {
      this.xKind = k;
      return this;
    }

    public Builder yKind(Scale.Kind k) {
      this.yKind = k;
      return this;
    }

    /** Limits the y axis to {@code [min, max]} (an accuracy to [0, 1]); bands are cut there. */
    public Builder yLimits(double min, double max) {
      this.yMin = min;
      this.yMax = max;
      return this;
    }

    public Builder series(Series s) {
      series.add(s);
      return this;
    }

    public Builder reference(Reference r) {
      references.add(r);
      return this;
    }

    /** A line of grey text under the legend (what the bands mean, what is left out). */
    public Builder note(String n) {
      notes.add(n);
      return this;
    }

    public Builder intervals(Intervals style) {
      this.intervals = style;
      return this;
    }

    public Builder size(int w, int h) {
      this.width = w;
      this.height = h;
      return this;
    }

    public LineChart build() {
      return new LineChart(this);
    }
  }
}
