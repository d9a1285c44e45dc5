package org.engram.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * A benchmark's warm-up that lasts until the JIT has finished with the code it measures: at least a
 * minimum time and two updates, then until the JIT compilers' time over the last interval of at
 * least {@link #INTERVAL_SECONDS} is below {@link #QUIET_SHARE} of that interval's wall time, or
 * until a maximum.
 *
 * <p>A fixed warm-up is not enough where the compilers share the cores with the benchmark: pinned
 * to one core ({@code taskset -c 1}), {@code bench --configs smoke} took 9-19 ms per update after 5
 * s of warm-up with C2 still compiling for 42% of the core through the measurement, and 4.8 ms
 * after 40 s (Zen 3 VM, 2026-11-27). A trial runs thousands of updates, nearly all of them in the
 * compiled code, so that is the speed to report.
 */
public final class JitWarmUp {
  /** The JIT's share of an interval's wall time below which it counts as quiet. */
  public static final double QUIET_SHARE = 0.02;

  /** The shortest interval the share is taken over: compilations come in bursts. */
  public static final double INTERVAL_SECONDS = 3.0;

  /** How a warm-up ended. */
  public record Result(double seconds, int updates, boolean quiet, double lastJitShare) {}

  private final LongSupplier nanoClock;
  private final LongSupplier jitMillis;

  /** A warm-up on this JVM's clock and JIT (see {@link #jitMillis()}). */
  public JitWarmUp() {
    this(System::nanoTime, jitMillis());
  }

  /**
   * @param nanoClock wall time, nanoseconds
   * @param jitMillis the compilers' accumulated time, milliseconds
   */
  JitWarmUp(LongSupplier nanoClock, LongSupplier jitMillis) {
    this.nanoClock = nanoClock;
    this.jitMillis = jitMillis;
  }

  /**
   * Runs {@code update} until the JIT is quiet, for at least {@code minSeconds} and two updates,
   * and at most {@code maxSeconds} (after which it returns with {@code quiet} false).
   */
  public Result run(Runnable update, double minSeconds, double maxSeconds) {
    if (!(minSeconds >= 0) || !(maxSeconds >= minSeconds)) {
      throw new IllegalArgumentException(
          "the warm-up needs 0 <= minimum <= maximum seconds, got "
              + minSeconds
              + " and "
              + maxSeconds);
    }
    long start = nanoClock.getAsLong();
    long intervalStart = start;
    long intervalJit = jitMillis.getAsLong();
    double share = Double.NaN;
    int updates = 0;
    while (true) {
      update.run();
      updates++;
      long now = nanoClock.getAsLong();
      double elapsed = (now - start) / 1e9;
      double interval = (now - intervalStart) / 1e9;
      if (interval >= INTERVAL_SECONDS) {
        long jit = jitMillis.getAsLong();
        share = (jit - intervalJit) / 1e3 / interval;
        intervalStart = now;
        intervalJit = jit;
        if (updates >= 2 && elapsed >= minSeconds && share < QUIET_SHARE) {
          return new Result(elapsed, updates, true, share);
        }
      }
      if (updates >= 2 && elapsed >= maxSeconds) {
        return new Result(elapsed, updates, false, share);
      }
    }
  }

  /**
   * The JIT compilers' accumulated time in milliseconds ({@link CompilationMXBean}), or a constant
   * 0 on a JVM that does not report it (then a warm-up ends after its minimum).
   */
  public static LongSupplier jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return () -> 0L;
    }
    return jit::getTotalCompilationTime;
  }
}
