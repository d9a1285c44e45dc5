package org.engram.model;

/**
 * How many threads a window's steps use in this JVM: a trial's cores ({@code run.coresPerTrial}).
 * With more than one, the receiving rows of the learned synapse rule ({@link ParallelLaneKernel}
 * and the per-neuron work of {@link LearnedSynapses}) and the lanes of the float32 activation rule
 * ({@link VectorActivationRule}) are split between the threads; the default is one.
 */
public final class KernelThreads {
  private static volatile int threads = 1;

  private KernelThreads() {}

  /** Sets the threads for the windows created from now on. */
  public static void set(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("kernel threads must be >= 1, got " + n);
    }
    threads = n;
  }

  public static int get() {
    return threads;
  }
}
