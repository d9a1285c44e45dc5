package org.engram.driver.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Axis ticks and scales. */
class TicksTest {

  @Test
  void niceLinearSteps() {
    assertEquals(0.2, Ticks.linearStep(0, 1, 6), 1e-15);
    assertEquals(0.05, Ticks.linearStep(0.53, 0.71, 6), 1e-15);
    assertEquals(1, Ticks.linearStep(0, 5, 6), 1e-15);
    assertEquals(20, Ticks.linearStep(0, 100, 6), 1e-15);
    assertEquals(5e-5, Ticks.linearStep(0, 2.5e-4, 6), 1e-20);
  }

  @Test
  void linearTicksAreExactMultiplesInTheRange() {
    assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), Ticks.linear(0, 1, 6));
    assertEquals(List.of(0.55, 0.6, 0.65, 0.7), Ticks.linear(0.53, 0.71, 6));
    assertEquals(List.of(-1.0, 0.0, 1.0), Ticks.linear(-1.3, 1.2, 3));
    assertTrue(Ticks.linear(0.1, 0.35, 5).contains(0.3));
  }

  @Test
  void niceRangesWidenToTheStep() {
    assertArrayEquals(new double[] {0.5, 0.75}, Ticks.niceRange(0.53, 0.71, 6), 1e-15);
    assertArrayEquals(new double[] {0, 5}, Ticks.niceRange(0, 4.6, 6), 1e-15);
    double[] flat = Ticks.niceRange(3, 3, 6);
    assertTrue(flat[0] < 3 && flat[1] > 3, "a single value gets a range around it");
  }

  @Test
  void log2TicksArePowersOfTwoThinnedOut() {
    assertEquals(List.of(1.0, 2.0, 4.0), Ticks.log2(1 / Math.sqrt(2), 4 * Math.sqrt(2), 10));
    assertEquals(List.of(1.0, 2.0, 4.0, 8.0, 16.0, 32.0), Ticks.log2(1, 32, 10));
    // 2^0 .. 2^20 is 21 ticks: every fourth power (1, 16, 256, ...) keeps it at 10 or fewer.
    List<Double> thin = Ticks.log2(1, 1 << 20, 10);
    assertTrue(thin.size() <= 10, thin.toString());
    assertEquals(1.0, thin.get(0));
    assertEquals(16.0, thin.get(1));
  }

  @Test
  void log10TicksAreDecadesOrOneTwoFive() {
    assertEquals(List.of(1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0), Ticks.log10(1e-5, 10));
    assertEquals(List.of(0.2, 0.5), Ticks.log10(0.15, 0.9));
  }

  @Test
  void labels() {
    assertEquals("0.6", Ticks.format(0.6000000000000001, 0.2));
    assertEquals("0.65", Ticks.format(0.65, 0.05));
    assertEquals("20", Ticks.format(20, 20));
    assertEquals("0.0", Ticks.format(-0.0, 0.1), "no minus zero");
    assertEquals("4", Ticks.formatPlain(4));
    assertEquals("0.5", Ticks.formatPlain(0.5));
    assertEquals("0.001", Ticks.formatPlain(0.001));
    assertEquals("1e-4", Ticks.formatPlain(1e-4));
    assertEquals("2.5e-7", Ticks.formatPlain(2.5e-7));
    assertEquals("1e6", Ticks.formatPlain(1e6));
    assertEquals("0.138", Ticks.formatPlain(0.138));
  }

  @Test
  void scalesMapAndTick() {
    Scale lin = new Scale(Scale.Kind.LINEAR, 0, 1, 100, 500);
    assertEquals(300, lin.map(0.5), 1e-12);
    Scale y = new Scale(Scale.Kind.LINEAR, 0, 1, 500, 100);
    assertEquals(400, y.map(0.25), 1e-12, "a y axis runs upwards");
    Scale log2 = new Scale(Scale.Kind.LOG2, 1, 16, 0, 400);
    assertEquals(200, log2.map(4), 1e-9);
    assertTrue(Double.isNaN(log2.map(0)), "a log axis cannot show 0");
    assertEquals(List.of(1.0, 2.0, 4.0, 8.0, 16.0), log2.ticks());
    // Within one octave a log2 axis has one power of two at most: plain ticks instead.
    Scale narrow = new Scale(Scale.Kind.LOG2, 18 / Math.sqrt(2), 18 * Math.sqrt(2), 0, 400);
    assertTrue(narrow.ticks().size() >= 2, narrow.ticks().toString());
    assertEquals("18", narrow.label(18));
    Scale log10 = new Scale(Scale.Kind.LOG10, 1e-3, 10, 0, 400);
    assertEquals(100, log10.map(1e-2), 1e-9);
    assertEquals("0.01", log10.label(0.01));
  }
}
