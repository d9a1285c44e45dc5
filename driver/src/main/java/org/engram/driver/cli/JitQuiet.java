package org.engram.driver.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a JVM's JIT compilers have gone quiet, for {@code bench-spark}: the steady state a long
 * study's later trials find, where one-core executors' trials take the least CPU.
 *
 * <p>A one-core executor compiles with C2 alone, which compiles a method only after thousands of
 * calls, and the outer methods of a meta-step run once or a few times a step; so an executor's
 * trials keep getting cheaper for several grids of smoke-sized trials. On the Zen 5 VM ({@code
 * bench-spark conf/bench-spark.conf --executors 1 --pin --runs 8}, 2026-11-28) one executor's trial
 * threads took 0.42, 0.30, 0.23, 0.21, 0.21 CPU-s a trial in the grids after the cold one. A fixed
 * number of warming grids (as many trials per executor as one executor's cold run) left two
 * executors, each with half the trials of a grid behind it per run, compared in their warmer-up
 * grids against one executor's later ones.
 *
 * <p>The driver compiles too: {@code bench-spark}'s own Spark SQL over each run's tables leaves its
 * compilers busy into the next run, on cores that, on a small machine, the executors' trials need.
 * A run's driver does none of that, so each run after the first waits for the driver's compilers to
 * go quiet before it starts.
 */
final class JitQuiet {
  /**
   * The executors' JIT CPU, as a share of all their CPU in a run, under which they count as warm:
   * as for {@code bench}'s warm-up (its compilers' time under 2% of the last 3 s), a little looser
   * because a run's share includes its commits' and GC's first compilations of the run.
   */
  static final double EXECUTORS_QUIET_SHARE = 0.03;

  /** How many grids a session runs, beyond its usual warming ones, to get there at most. */
  static final int MAX_EXTRA_WARMING_RUNS = 8;

  /** The driver's compilers count as quiet when they took under this share of a poll interval. */
  static final double DRIVER_QUIET_SHARE = 0.02;

  static final long DRIVER_POLL_MILLIS = 500;

  /** How long a run waits at most for the driver's compilers. */
  static final long DRIVER_MAX_WAIT_MILLIS = 20_000;

  private JitQuiet() {}

  /**
   * The JIT's share of CPU seconds by category ({@link ProcessCpu#byCategory}); NaN where nothing
   * was measured (no {@code /proc}).
   */
  static double jitShare(Map<String, Double> byCategory) {
    double total = ProcessCpu.total(byCategory);
    return total > 0 ? byCategory.getOrDefault(ProcessCpu.JIT, 0.0) / total : Double.NaN;
  }

  /** Whether executors whose last run's JIT share was {@code share} still compile: NaN is quiet. */
  static boolean executorsBusy(double share) {
    return share >= EXECUTORS_QUIET_SHARE;
  }

  /**
   * Whether a {@code --warm} session's next run, which would be {@code next}, is an extra warming
   * run instead: the executors' JIT took {@code lastJitShare} of their CPU in the run before, which
   * was {@code last}, after {@code extraWarmingRuns} such runs. Once the warm runs have begun they
   * go on: their JIT share is printed, not waited for again.
   */
  static boolean keepWarming(
      SparkBenchCommand.RunKind last,
      SparkBenchCommand.RunKind next,
      double lastJitShare,
      int extraWarmingRuns) {
    return next == SparkBenchCommand.RunKind.WARM
        && last != SparkBenchCommand.RunKind.WARM
        && executorsBusy(lastJitShare)
        && extraWarmingRuns < MAX_EXTRA_WARMING_RUNS;
  }

  /**
   * What a warm run's header adds about the executors' JIT: {@code "; the executors' JIT quiet:
   * 1.5% of their CPU in the run before"}, or still busy after so many extra warming runs; empty
   * where nothing was measured.
   */
  static String describe(double lastJitShare, int extraWarmingRuns) {
    if (Double.isNaN(lastJitShare)) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "; the executors' JIT %s: %.1f%% of their CPU in the run before",
        executorsBusy(lastJitShare)
            ? "still busy after " + extraWarmingRuns + " extra warming runs"
            : "quiet",
        100 * lastJitShare);
  }

  /**
   * Waits until the JIT compilers of process {@code pid} take under {@link #DRIVER_QUIET_SHARE} of
   * a poll interval, or {@link #DRIVER_MAX_WAIT_MILLIS}; returns the seconds waited (0 where {@code
   * /proc} is not there).
   */
  static double awaitQuiet(long pid) throws InterruptedException {
    long start = System.currentTimeMillis();
    Optional<ProcessCpu.Snapshot> before = ProcessCpu.read(pid);
    while (before.isPresent() && System.currentTimeMillis() - start < DRIVER_MAX_WAIT_MILLIS) {
      Thread.sleep(DRIVER_POLL_MILLIS);
      Optional<ProcessCpu.Snapshot> now = ProcessCpu.read(pid);
      if (now.isEmpty()) {
        break;
      }
      double jit = ProcessCpu.byCategory(before.get(), now.get()).get(ProcessCpu.JIT);
      if (jit < DRIVER_QUIET_SHARE * DRIVER_POLL_MILLIS / 1000.0) {
        break;
      }
      before = now;
    }
    return (System.currentTimeMillis() - start) / 1000.0;
  }
}
