package org.engram.driver.report;

import java.util.List;

/**
 * Means over seeds with a 95% confidence interval from Student's t distribution: {@code mean ±
 * t(0.975, n − 1) · sd / √n}, with the sample standard deviation. One seed has no interval.
 */
public final class Stats {
  private Stats() {}

  /**
   * The mean of {@code n} values and its 95% interval.
   *
   * @param n the number of values (seeds)
   * @param mean their mean
   * @param sd their sample standard deviation (NaN for one value)
   * @param lo the interval's lower end (NaN for one value)
   * @param hi the interval's upper end (NaN for one value)
   */
  public record Estimate(int n, double mean, double sd, double lo, double hi) {
    /** Whether there is an interval (two values or more). */
    public boolean hasInterval() {
      return n >= 2;
    }
  }

  /** The estimate of a non-empty list of values. */
  public static Estimate estimate(List<Double> values) {
    int n = values.size();
    if (n == 0) {
      throw new IllegalArgumentException("an estimate needs at least one value");
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / n;
    if (n == 1) {
      return new Estimate(1, mean, Double.NaN, Double.NaN, Double.NaN);
    }
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double half = tQuantile(0.975, n - 1) * sd / Math.sqrt(n);
    return new Estimate(n, mean, sd, mean - half, mean + half);
  }

  /** The {@code p} quantile of Student's t with {@code df} degrees of freedom, 0.5 ≤ p < 1. */
  public static double tQuantile(double p, int df) {
    if (!(p >= 0.5 && p < 1) || df < 1) {
      throw new IllegalArgumentException("need 0.5 <= p < 1 and df >= 1, got " + p + ", " + df);
    }
    // Bisection on the cumulative distribution: monotone, and 200 halvings of [0, 1e7] reach the
    // double precision of any quantile used here.
    double lo = 0;
    double hi = 1e7;
    for (int i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
      double mid = (lo + hi) / 2;
      if (tCdf(mid, df) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /** P(T ≤ t) for Student's t with {@code df} degrees of freedom. */
  public static double tCdf(double t, int df) {
    double x = df / (df + t * t);
    double tail = 0.5 * regularizedBeta(x, df / 2.0, 0.5);
    return t >= 0 ? 1 - tail : tail;
  }

  /** The regularised incomplete beta function I_x(a, b) (Numerical Recipes, section 6.4). */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double front =
        Math.exp(
            logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
    // The continued fraction converges fast for x < (a + 1) / (a + b + 2); else use symmetry.
    if (x < (a + 1) / (a + b + 2)) {
      return front * betaFraction(x, a, b) / a;
    }
    return 1 - front * betaFraction(1 - x, b, a) / b;
  }

  /** Lentz's evaluation of the continued fraction of the incomplete beta function. */
  private static double betaFraction(double x, double a, double b) {
    final double tiny = 1e-300;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 500; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 + aa * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      h *= d * c;
      aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 + aa * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-15) {
        break;
      }
    }
    return h;
  }

  /** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits). */
  static double logGamma(double x) {
    final double[] c = {
      0.99999999999980993,
      676.5203681218851,
      -1259.1392167224028,
      771.32342877765313,
      -176.61502916214059,
      12.507343278686905,
      -0.13857109526572012,
      9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    if (x < 0.5) {
      // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double s = c[0];
    for (int i = 1; i < 9; i++) {
      s += c[i] / (x + i);
    }
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
  }
}
