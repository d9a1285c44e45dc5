package org.engram.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.engram.driver.report.Stats.Estimate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The interval math: Student's t quantiles against tables, and the t-interval by hand. */
class StatsTest {

  @ParameterizedTest(name = "t(0.975, {0}) = {1}")
  @CsvSource({
    "1, 12.706204736174698",
    "2, 4.302652729749464",
    "3, 3.182446305284263",
    "4, 2.7764451051977987",
    "5, 2.570581835636314",
    "9, 2.2621571627409915",
    "19, 2.093024054408263",
    "30, 2.0422724563012373",
    "1000, 1.9623390808264078"
  })
  void tQuantilesMatchTheTables(int df, double expected) {
    assertEquals(expected, Stats.tQuantile(0.975, df), 1e-9 * expected);
  }

  @Test
  void otherQuantilesAndTheCdf() {
    assertEquals(0.5, Stats.tCdf(0, 3), 1e-15);
    assertEquals(0.75, Stats.tCdf(1, 1), 1e-12); // Cauchy: 1/2 + atan(1)/π
    assertEquals(1 - 0.75, Stats.tCdf(-1, 1), 1e-12);
    assertEquals(6.313751514675041, Stats.tQuantile(0.95, 1), 1e-9);
    assertEquals(0, Stats.tQuantile(0.5, 7), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> Stats.tQuantile(0.975, 0));
    assertThrows(IllegalArgumentException.class, () -> Stats.tQuantile(1.0, 3));
  }

  @Test
  void logGammaOfIntegersIsTheLogFactorial() {
    assertEquals(Math.log(24), Stats.logGamma(5), 1e-13);
    assertEquals(0.5 * Math.log(Math.PI), Stats.logGamma(0.5), 1e-13);
  }

  @Test
  void intervalByHand() {
    // 0.85, 0.86, 0.87: mean 0.86, sd 0.01, t(0.975, 2) = 4.302652729749464.
    Estimate e = Stats.estimate(List.of(0.85, 0.86, 0.87));
    double half = 4.302652729749464 * 0.01 / Math.sqrt(3);
    assertEquals(3, e.n());
    assertEquals(0.86, e.mean(), 1e-15);
    assertEquals(0.01, e.sd(), 1e-15);
    assertEquals(0.86 - half, e.lo(), 1e-12);
    assertEquals(0.86 + half, e.hi(), 1e-12);
    assertTrue(e.hasInterval());

    // Two seeds: t(0.975, 1) = 12.706..., the width that makes two seeds say little.
    Estimate two = Stats.estimate(List.of(1.0, 3.0));
    double sd = Math.sqrt(2);
    assertEquals(2 - 12.706204736174698 * sd / Math.sqrt(2), two.lo(), 1e-9);
  }

  @Test
  void oneSeedHasNoInterval() {
    Estimate e = Stats.estimate(List.of(0.7));
    assertEquals(0.7, e.mean());
    assertFalse(e.hasInterval());
    assertTrue(Double.isNaN(e.lo()) && Double.isNaN(e.hi()) && Double.isNaN(e.sd()));
    assertThrows(IllegalArgumentException.class, () -> Stats.estimate(List.of()));
  }

  @Test
  void equalValuesHaveAnIntervalOfZeroWidth() {
    Estimate e = Stats.estimate(List.of(0.5, 0.5, 0.5));
    assertEquals(0.5, e.lo(), 0);
    assertEquals(0.5, e.hi(), 0);
  }
}
