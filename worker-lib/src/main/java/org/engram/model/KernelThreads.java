package org.engram.model;

/**
 * How many threads the learned synapse rule's kernel of a window uses in this JVM: a trial's cores
 * ({@code run.coresPerTrial}). With more than one, each window's receiving rows are split between
 * the threads ({@link ParallelLaneKernel}); the default is one.
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
