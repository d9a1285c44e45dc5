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
    capThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    org.nd4j.nativeblas.NativeOpsHolder.getInstance()
        .getDeviceNativeOps()
        .setOmpNumThreads(threads);
  }

  /**
   * Caps ND4J's own threads (not BLAS's or OpenMP's, which {@link #setThreads} also sets) at {@code
   * threads}, which {@code OMP_NUM_THREADS} may cap in turn.
   */
  public static void capThreads(int threads) {
    // Threads first: ND4J caps the master threads at them (the other order left the master
    // threads at their old value below a raised cap).
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
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
