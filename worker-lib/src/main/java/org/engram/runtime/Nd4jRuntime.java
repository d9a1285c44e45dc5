package org.engram.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.nd4j.linalg.factory.Nd4j;

/** ND4J set-up and the facts about it that a result row records. */
public final class Nd4jRuntime {
  private Nd4jRuntime() {}

  /**
   * Sets the BLAS/OpenMP threads ND4J uses in this JVM. Several trials in one JVM share it, so the
   * driver sets it once per executor to its cores per trial.
   */
  public static void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    // Threads first: ND4J caps the master threads at them (with OMP_NUM_THREADS=1 in the
    // environment, the other order left the master threads at 1).
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    org.nd4j.nativeblas.NativeOpsHolder.getInstance()
        .getDeviceNativeOps()
        .setOmpNumThreads(threads);
  }

  /** The BLAS/OpenMP threads in effect. */
  public static int threads() {
    return Nd4j.getEnvironment().maxMasterThreads();
  }

  /** The backend and its BLAS, e.g. {@code CpuBackend/OPENBLAS}. */
  public static String backend() {
    return Nd4j.getBackend().getClass().getSimpleName()
        + "/"
        + Nd4j.factory().blas().getBlasVendor();
  }

  public static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
