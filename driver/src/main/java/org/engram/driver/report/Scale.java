package org.engram.driver.report;

import java.util.List;

/**
 * Maps data values on one axis to pixels: linearly, or linearly in log2 or log10 of the value.
 *
 * @param kind linear or logarithmic
 * @param lo the data value at {@code pixLo}
 * @param hi the data value at {@code pixHi}
 * @param pixLo the pixel of {@code lo}
 * @param pixHi the pixel of {@code hi} (smaller than {@code pixLo} on a y axis)
 */
public record Scale(Kind kind, double lo, double hi, double pixLo, double pixHi) {

  public Scale {
    if (!(hi > lo)) {
      throw new IllegalArgumentException("scale needs lo < hi, got " + lo + " and " + hi);
    }
    if (kind != Kind.LINEAR && !(lo > 0)) {
      throw new IllegalArgumentException("a log scale needs lo > 0, got " + lo);
    }
  }

  /** Linear, or logarithmic in base 2 or 10. */
  public enum Kind {
    LINEAR,
    LOG2,
    LOG10;

    double f(double v) {
      return switch (this) {
        case LINEAR -> v;
        case LOG2 -> Math.log(v) / Math.log(2);
        case LOG10 -> Math.log10(v);
      };
    }

    double inverse(double u) {
      return switch (this) {
        case LINEAR -> u;
        case LOG2 -> Math.pow(2, u);
        case LOG10 -> Math.pow(10, u);
      };
    }
  }

  /** The pixel of a value (NaN for a value a log scale cannot show). */
  public double map(double v) {
    if (kind != Kind.LINEAR && !(v > 0)) {
      return Double.NaN;
    }
    double t = (kind.f(v) - kind.f(lo)) / (kind.f(hi) - kind.f(lo));
    return pixLo + t * (pixHi - pixLo);
  }

  /** Whether the value lies within the scale's range (with a little slack for rounding). */
  public boolean contains(double v) {
    double eps = 1e-9 * (hi - lo);
    return v >= lo - eps && v <= hi + eps;
  }

  /** The tick values within the range. */
  public List<Double> ticks() {
    return switch (kind) {
      case LINEAR -> Ticks.linear(lo, hi, 6);
      case LOG2 -> {
        // A range within one octave has at most one power of two: plain numbers then.
        List<Double> t = Ticks.log2(lo, hi, 10);
        yield t.size() >= 2 ? t : Ticks.linear(lo, hi, 4);
      }
      case LOG10 -> Ticks.log10(lo, hi);
    };
  }

  /** A tick's label. */
  public String label(double v) {
    return switch (kind) {
      case LINEAR -> Ticks.format(v, Ticks.linearStep(lo, hi, 6));
      case LOG2, LOG10 -> Ticks.formatPlain(v);
    };
  }
}
