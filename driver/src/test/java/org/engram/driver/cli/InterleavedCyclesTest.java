package org.engram.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.engram.driver.cli.SparkBenchCommand.Measurement;
import org.engram.driver.cli.SparkBenchCommand.TrialTiming;
import org.junit.jupiter.api.Test;

class InterleavedCyclesTest {
  @Test
  void everyOtherCycleRunsTheCountsInReverse() {
    assertEquals(List.of(1, 2), InterleavedCycles.order(List.of(1, 2), 1));
    assertEquals(List.of(2, 1), InterleavedCycles.order(List.of(1, 2), 2));
    assertEquals(List.of(1, 2, 4), InterleavedCycles.order(List.of(1, 2, 4), 3));
    assertEquals(List.of(4, 2, 1), InterleavedCycles.order(List.of(1, 2, 4), 4));
    assertThrows(IllegalArgumentException.class, () -> InterleavedCycles.order(List.of(1, 2), 0));
  }

  @Test
  void cyclesWarmUpUntilEachExecutorRanAGridAndTheJitIsQuiet() {
    double busy = JitQuiet.EXECUTORS_QUIET_SHARE;
    double quiet = Math.nextDown(busy);
    // Two executors: two cycles warm up, whatever the JIT does.
    assertTrue(InterleavedCycles.keepWarming(0, 0, 2, Double.NaN, 0));
    assertTrue(InterleavedCycles.keepWarming(1, 0, 2, quiet, 0));
    assertFalse(InterleavedCycles.keepWarming(2, 0, 2, quiet, 0));
    // Then while the JIT is busy, for a bounded number of cycles.
    assertTrue(InterleavedCycles.keepWarming(2, 0, 2, busy, 0));
    assertTrue(InterleavedCycles.keepWarming(2, 0, 2, busy, JitQuiet.MAX_EXTRA_WARMING_RUNS - 1));
    assertFalse(InterleavedCycles.keepWarming(2, 0, 2, busy, JitQuiet.MAX_EXTRA_WARMING_RUNS));
    // Without /proc nothing is known: no extra cycles.
    assertFalse(InterleavedCycles.keepWarming(2, 0, 2, Double.NaN, 0));
    // Once measuring has begun it goes on.
    assertFalse(InterleavedCycles.keepWarming(5, 1, 2, busy, 1));
  }

  @Test
  void eachCycleSaysWhatItIsForAndWhy() {
    assertEquals("cycle 1: cold, warming up", InterleavedCycles.header(1, true, 0, 6, 2, 0.2));
    assertEquals(
        "cycle 2: warming up (each executor has run less than a grid)",
        InterleavedCycles.header(2, true, 0, 6, 2, 0.2));
    assertEquals(
        "cycle 3: warming up (the executors' JIT took 4.5% of their CPU in a run of the cycle"
            + " before)",
        InterleavedCycles.header(3, true, 0, 6, 2, 0.045));
    assertEquals(
        "cycle 5: measured, 2 of 6 (the executors' JIT took 0.4% of their CPU in a run of the"
            + " cycle before)",
        InterleavedCycles.header(5, false, 1, 6, 2, 0.004));
    assertEquals(
        "cycle 5: measured, 2 of 6", InterleavedCycles.header(5, false, 1, 6, 2, Double.NaN));
  }

  @Test
  void eachCyclesSpeedUpComparesItsOwnRunsAndTheMedianAndPoolAreOverCycles() {
    // Cycle 1: 1 executor 8 trials in 8 s, 2 executors in 5 s (1.6x); cycle 2 (the machine twice
    // as slow): 16 s and 8 s (2.0x); cycle 3: 8 s and 4.5 s (1.78x).
    List<Map<Integer, Measurement>> cycles =
        List.of(
            Map.of(1, run(1, 8_000, 0.25), 2, run(2, 5_000, 0.3)),
            Map.of(1, run(1, 16_000, 0.5), 2, run(2, 8_000, 0.5)),
            Map.of(1, run(1, 8_000, 0.25), 2, run(2, 4_500, 0.25)));
    List<String> lines = InterleavedCycles.summary(cycles, List.of(1, 2));
    // Pooled: 24 trials in 32 s against 24 in 17.5 s.
    assertEquals(
        "speed-up 2 executors over 1, median of 3 interleaved cycles: 1.78x (1.60x, 2.00x,"
            + " 1.78x); all cycles' runs taken together 1.83x",
        lines.get(0));
    assertEquals(
        "task threads' CPU per trial, 1 executor, median of 3 interleaved cycles: 0.250 s (0.250"
            + " s, 0.500 s, 0.250 s)",
        lines.get(1));
    assertTrue(lines.get(2).startsWith("per-trial gap, 1 executor, median of 3"), lines.get(2));
    assertEquals(
        "task threads' CPU per trial, 2 executors, median of 3 interleaved cycles: 0.300 s (0.300"
            + " s, 0.500 s, 0.250 s)",
        lines.get(3));
    assertEquals(5, lines.size(), lines.toString());
  }

  @Test
  void withoutProcTheCpuLinesAreLeftOut() {
    Measurement one = run(1, 8_000, Double.NaN);
    Measurement two = run(2, 4_000, Double.NaN);
    List<String> lines = InterleavedCycles.summary(List.of(Map.of(1, one, 2, two)), List.of(1, 2));
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.stream().noneMatch(l -> l.contains("CPU")), lines.toString());
    assertThrows(
        IllegalArgumentException.class, () -> InterleavedCycles.summary(List.of(), List.of(1, 2)));
  }

  /**
   * A run of 8 trials of 1 s each on {@code executors} executors (back to back, from the run's
   * start), the run {@code wallMillis} long, whose task threads took {@code cpuPerTrial} CPU-s a
   * trial.
   */
  private static Measurement run(int executors, double wallMillis, double cpuPerTrial) {
    List<TrialTiming> trials = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      double start = (t / executors) * 1000.0;
      trials.add(new TrialTiming("e" + t % executors, start, start + 1000));
    }
    return Measurement.of(executors, 0, wallMillis, trials).withTaskCpuSeconds(8 * cpuPerTrial);
  }
}
