package org.engram.driver.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.engram.driver.cli.SparkBenchCommand.Measurement;

/**
 * {@code bench-spark --interleave}: one session of the most executors asked for, whose grids run on
 * 1, 2, ... of them in turn (the queue's workers capped, {@link
 * org.engram.driver.run.RunOptions#maxWorkers}), so that each speed-up compares runs seconds apart
 * on the same warm JVMs.
 *
 * <p>Why: a session per executor count, one after the other, compares runs minutes apart, and the
 * 2-vCPU VMs' speed drifts by up to half within minutes (on the Zen 5 VM, 2026-11-28, the same
 * smoke-sized grid on the same warm executor took 4.7 and then 7.0 task-thread CPU-s, and a
 * one-thread {@code small} bench 33.6 and, 40 minutes later, 44.2 ms an update). A cycle runs each
 * count once; alternate cycles run them in reverse order (1, 2, then 2, 1), so a steady drift moves
 * the pairs' ratios both ways and their median not at all.
 */
final class InterleavedCycles {
  private InterleavedCycles() {}

  /** The counts in the order cycle {@code cycle} (from 1) runs them: as given, or reversed. */
  static List<Integer> order(List<Integer> counts, int cycle) {
    if (cycle < 1) {
      throw new IllegalArgumentException("cycles count from 1, got " + cycle);
    }
    List<Integer> order = new ArrayList<>(counts);
    if (cycle % 2 == 0) {
      Collections.reverse(order);
    }
    return order;
  }

  /**
   * Whether the next cycle only warms up: until each executor has run a grid's trials on average
   * (as many cycles as the session has executors, each cycle giving each executor at least a grid
   * over the count), then while the executors' JIT took at least {@link
   * JitQuiet#EXECUTORS_QUIET_SHARE} of their CPU in the cycle before (its busiest run), for at most
   * {@link JitQuiet#MAX_EXTRA_WARMING_RUNS} more cycles.
   *
   * @param cyclesDone cycles run so far
   * @param measuredCycles cycles measured so far
   * @param executors the session's executors
   * @param lastJitShare the highest JIT share of the last cycle's runs (NaN: not measured)
   * @param extraCycles warming cycles run beyond the first {@code executors}
   */
  static boolean keepWarming(
      int cyclesDone, int measuredCycles, int executors, double lastJitShare, int extraCycles) {
    if (measuredCycles > 0) {
      return false; // once measuring has begun it goes on: the JIT's share is printed, not awaited
    }
    if (cyclesDone < executors) {
      return true;
    }
    return JitQuiet.executorsBusy(lastJitShare) && extraCycles < JitQuiet.MAX_EXTRA_WARMING_RUNS;
  }

  /**
   * The line that opens cycle {@code cycle}: cold, warming up (and why), or measured (the
   * how-many-th of {@code cycles}), with the executors' JIT share of the cycle before where it is
   * known.
   */
  static String header(
      int cycle,
      boolean warming,
      int measuredCycles,
      int cycles,
      int executors,
      double lastJitShare) {
    String jit =
        Double.isNaN(lastJitShare)
            ? ""
            : String.format(
                Locale.ROOT,
                " (the executors' JIT took %.1f%% of their CPU in a run of the cycle before)",
                100 * lastJitShare);
    String what;
    if (!warming) {
      what = "measured, " + (measuredCycles + 1) + " of " + cycles + jit;
    } else if (cycle == 1) {
      what = "cold, warming up";
    } else if (cycle <= executors) {
      what = "warming up (each executor has run less than a grid)";
    } else {
      what = "warming up" + jit;
    }
    return "cycle " + cycle + ": " + what;
  }

  /**
   * The summary of the measured cycles: per count after the first, the speed-up over the first in
   * each cycle (its trials per hour over the first count's in the same cycle), their median, and
   * all the cycles' runs taken together; then each count's task threads' CPU per trial, the median
   * over the cycles; and the per-trial gap.
   *
   * @param cycles each measured cycle's runs by count
   * @param counts the counts, the base first
   */
  static List<String> summary(List<Map<Integer, Measurement>> cycles, List<Integer> counts) {
    if (cycles.isEmpty()) {
      throw new IllegalArgumentException("no measured cycles");
    }
    int base = counts.get(0);
    List<String> lines = new ArrayList<>();
    String of = "median of " + cycles.size() + " interleaved cycles";
    for (int count : counts.subList(1, counts.size())) {
      List<Double> ratios = new ArrayList<>();
      for (Map<Integer, Measurement> cycle : cycles) {
        ratios.add(cycle.get(count).trialsPerHour() / cycle.get(base).trialsPerHour());
      }
      lines.add(
          String.format(
              Locale.ROOT,
              "speed-up %d executors over %d, %s: %s; all cycles' runs taken together %.2fx",
              count,
              base,
              of,
              SparkBenchCommand.withEach(ratios, "%.2fx", 1),
              pooled(cycles, count) / pooled(cycles, base)));
    }
    for (int count : counts) {
      List<Double> cpu = new ArrayList<>();
      List<Double> gaps = new ArrayList<>();
      for (Map<Integer, Measurement> cycle : cycles) {
        Measurement m = cycle.get(count);
        cpu.add(SparkBenchCommand.taskCpuPerTrial(List.of(m)));
        gaps.add(m.gapShare());
      }
      String executors = count + " executor" + (count == 1 ? "" : "s");
      if (cpu.stream().noneMatch(x -> x.isNaN())) { // not without /proc
        lines.add(
            String.format(
                Locale.ROOT,
                "task threads' CPU per trial, %s, %s: %s",
                executors,
                of,
                SparkBenchCommand.withEach(cpu, "%.3f s", 1)));
      }
      lines.add(
          String.format(
              Locale.ROOT,
              "per-trial gap, %s, %s: %s",
              executors,
              of,
              SparkBenchCommand.withEach(gaps, "%.1f%%", 100)));
    }
    return lines;
  }

  /** Trials per hour of one count's runs in all cycles: all their trials over all their wall. */
  private static double pooled(List<Map<Integer, Measurement>> cycles, int count) {
    return SparkBenchCommand.trialsPerHour(cycles.stream().map(c -> c.get(count)).toList());
  }
}
