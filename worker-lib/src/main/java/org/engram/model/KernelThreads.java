package org.engram.model;

/**
 * How many threads the learned synapse rule's kernel of a window uses in this JVM: a trial's cores
 * ({@code run.coresPerTrial}). With more than one, each window's receiving rows are split between
 * the threads ({@link ParallelLaneKernel}); the default is one.
 */
public final class KernelThreads {
  private KernelThreads() {}

  /** Sets the threads for the windows created from now on. */
  public static void set(int threads) {
    ParallelLaneKernel.setThreads(threads);
  }

  public static int get() {
    return ParallelLaneKernel.threads();
  }
}
