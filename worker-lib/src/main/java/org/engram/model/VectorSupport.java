package org.engram.model;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Whether the float32 synapse rule runs on {@link VectorFloatLaneKernel} (and the activation rule
 * on {@link VectorActivationRule}): it needs the incubating {@code jdk.incubator.vector} module in
 * the JVM ({@code --add-modules jdk.incubator.vector}, which {@code bin/engram}, the tests and the
 * executors Engram configures pass) and S &le; 4. Without it the plain-Java {@link FloatLaneKernel}
 * computes the same states. {@code -Dengram.kernel=plain} forces the plain kernel (for benchmarks
 * and comparisons).
 */
public final class VectorSupport {
  private static final String MODULE = "jdk.incubator.vector";

  /** The compile command that inlines {@link VectorMath}'s functions wherever they are called. */
  private static final String INLINE_VECTOR_MATH =
      "-XX:CompileCommand=inline,org.engram.model.VectorMath::*";

  /**
   * The JVM options that make C2 inline {@link VectorMath}'s functions of vectors at every call
   * (see there why: without them the kernels' vectors are boxed, and a default window takes a third
   * longer); {@code quiet} keeps the JVM from printing the command at start-up, into output that
   * {@code engram sql} may be writing as CSV.
   */
  public static final String INLINING = "-XX:CompileCommand=quiet " + INLINE_VECTOR_MATH;

  /**
   * C2's loop unrolling raised for every method (HotSpot has no per-method setting for it): loop
   * bodies of up to 240 nodes instead of 60 are unrolled, up to 32 times instead of 16. The
   * kernels' vector loops over a chunk (a tanh, a gate, a row's sums) have bodies of tens of vector
   * operations, likely past 60 nodes (not counted). A {@code default} meta-update on one thread
   * took about 10% less time with it, in seven alternating pairs of {@code bench} runs, either
   * first (Zen 3 VM, 2026-11-27: 517-585 against 582-672 ms); at two threads, and for {@code
   * large}, no change measured. Where it gains was not pinned down: the synapse kernel's chunk
   * methods alone, timed on one chunk in L1, were no faster (README, Performance).
   */
  public static final String UNROLLING = "-XX:LoopUnrollLimit=240 -XX:LoopMaxUnroll=32";

  private static final boolean ENABLED = detect();

  private VectorSupport() {}

  private static boolean detect() {
    String choice = System.getProperty("engram.kernel", "auto").toLowerCase(Locale.ROOT);
    if (!choice.equals("auto") && !choice.equals("vector") && !choice.equals("plain")) {
      throw new IllegalArgumentException(
          "engram.kernel must be auto, vector or plain, got '" + choice + "'");
    }
    boolean present = ModuleLayer.boot().findModule(MODULE).isPresent();
    if (choice.equals("vector") && !present) {
      throw new IllegalStateException(
          "engram.kernel=vector needs the JVM option --add-modules " + MODULE);
    }
    return present && !choice.equals("plain") && VectorFloatLaneKernel.wholeVectors();
  }

  /**
   * Whether Engram uses the Vector API (present and not turned off): then float32 steps of the
   * activation rule run on {@link VectorActivationRule}, and the per-neuron parts' dot products on
   * {@link VectorDot} in either precision.
   */
  static boolean enabled() {
    return ENABLED;
  }

  /** Whether float32 windows with S synapse components use the vector kernel. */
  static boolean usable(int s) {
    return ENABLED && s <= VectorFloatLaneKernel.MAX_S;
  }

  /**
   * The float32 synapse kernel in one word, for provenance: {@code vector512} (or the JVM's vector
   * width) or {@code plain}. The two kernels give the same synapse states but sum parameter
   * gradients in another order, and with the vector kernel the activation rule runs on {@link
   * VectorActivationRule} instead of ND4J, so training runs agree only to float rounding across
   * them.
   */
  public static String kernel() {
    return ENABLED ? "vector" + VectorFloatLaneKernel.vectorBits() : "plain";
  }

  /** Whether this JVM was started with {@link #INLINING}. */
  static boolean inliningHinted() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().contains(INLINE_VECTOR_MATH);
  }

  /** Whether this JVM was started with the loop unrolling of {@link #UNROLLING}. */
  static boolean unrollingHinted() {
    return ManagementFactory.getRuntimeMXBean()
        .getInputArguments()
        .containsAll(List.of(UNROLLING.split(" ")));
  }

  /** What float32 training runs on, for benchmarks and logs. */
  public static String describe() {
    if (ENABLED) {
      String kernel = "vector kernel (" + VectorFloatLaneKernel.vectorBits() + "-bit, S <= 4";
      if (!inliningHinted()) {
        return kernel
            + "; without the JVM options "
            + INLINING
            + " its vectors may be boxed: slower)";
      }
      return unrollingHinted()
          ? kernel + ")"
          : kernel + "; without the JVM options " + UNROLLING + ": slower)";
    }
    boolean present = ModuleLayer.boot().findModule(MODULE).isPresent();
    return present
        ? "plain-Java kernel (-Dengram.kernel=plain)"
        : "plain-Java kernel (no " + MODULE + ")";
  }
}
