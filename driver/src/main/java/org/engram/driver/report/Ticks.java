package org.engram.driver.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Axis ticks: "nice" steps of 1, 2 or 5 times a power of ten, powers of two, decades. */
public final class Ticks {
  private Ticks() {}

  /** The nice step that gives at most about {@code target} intervals over {@code [lo, hi]}. */
  public static double linearStep(double lo, double hi, int target) {
    double raw = (hi - lo) / Math.max(1, target);
    if (!(raw > 0) || Double.isInfinite(raw)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= raw * (1 - 1e-9)) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** Multiples of the nice step within {@code [lo, hi]}. */
  public static List<Double> linear(double lo, double hi, int target) {
    double step = linearStep(lo, hi, target);
    List<Double> ticks = new ArrayList<>();
    long first = (long) Math.ceil(lo / step - 1e-9);
    for (long i = first; i * step <= hi + step * 1e-9; i++) {
      // Rounded to the step's decimals so 0.30000000000000004 reads and compares as 0.3.
      ticks.add(round(i * step, step));
    }
    return ticks;
  }

  /** {@code [lo, hi]} widened to multiples of the nice step. */
  public static double[] niceRange(double lo, double hi, int target) {
    if (!(hi > lo)) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
    }
    double step = linearStep(lo, hi, target);
    return new double[] {
      round(Math.floor(lo / step + 1e-9) * step, step),
      round(Math.ceil(hi / step - 1e-9) * step, step)
    };
  }

  /**
   * Powers of two within {@code [lo, hi]}; every second (fourth, ...) one when there would be more
   * than {@code max}.
   */
  public static List<Double> log2(double lo, double hi, int max) {
    int from = (int) Math.ceil(Math.log(lo) / Math.log(2) - 1e-9);
    int to = (int) Math.floor(Math.log(hi) / Math.log(2) + 1e-9);
    int every = 1;
    while ((to - from) / every + 1 > max) {
      every *= 2;
    }
    List<Double> ticks = new ArrayList<>();
    for (int e = from; e <= to; e++) {
      if (Math.floorMod(e, every) == 0) {
        ticks.add(Math.pow(2, e));
      }
    }
    return ticks;
  }

  /**
   * Powers of ten within {@code [lo, hi]}, with 2 and 5 times them where the range holds fewer than
   * two decades.
   */
  public static List<Double> log10(double lo, double hi) {
    int from = (int) Math.floor(Math.log10(lo) + 1e-9);
    int to = (int) Math.ceil(Math.log10(hi) - 1e-9);
    List<Double> decades = new ArrayList<>();
    List<Double> fine = new ArrayList<>();
    for (int e = from; e <= to; e++) {
      for (double m : new double[] {1, 2, 5}) {
        double v = new BigDecimal(m).scaleByPowerOfTen(e).doubleValue();
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
          fine.add(v);
          if (m == 1) {
            decades.add(v);
          }
        }
      }
    }
    return decades.size() >= 2 ? decades : fine;
  }

  /** A tick value with as many decimals as the step needs. */
  public static String format(double v, double step) {
    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
    return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
  }

  /** A value as short as it can be written exactly enough: 4, 0.5, 0.001, 1e-5, 2.5e-7. */
  public static String formatPlain(double v) {
    if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) {
      String[] parts = String.format(Locale.ROOT, "%.2e", v).split("e");
      String mantissa = new BigDecimal(parts[0]).stripTrailingZeros().toPlainString();
      return mantissa + "e" + Integer.parseInt(parts[1]);
    }
    return new BigDecimal(String.format(Locale.ROOT, "%.6g", v))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static double round(double v, double step) {
    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9)) + 2;
    return new BigDecimal(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN).doubleValue();
  }
}
