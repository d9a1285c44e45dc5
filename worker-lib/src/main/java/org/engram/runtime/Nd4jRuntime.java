package org.engram.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ND4J set-up and the facts about it that a result row records. */
public final class Nd4jRuntime {
  /**
   * The system property that chooses how ND4J's buffers are handed to its deallocator threads:
   * {@code cheap} (default, {@link CheapDeallocatorService}) or {@code nd4j} (ND4J's own service).
   */
  public static final String DEALLOCATOR_PROPERTY = "engram.nd4j.deallocator";

  private static final Logger LOG = LoggerFactory.getLogger(Nd4jRuntime.class);
  private static volatile boolean prepared;

  private Nd4jRuntime() {}

  /**
   * Prepares ND4J in this JVM for trials, once: installs the {@link CheapDeallocatorService} unless
   * {@value #DEALLOCATOR_PROPERTY} is {@code nd4j}. Cheap to call before every trial.
   *
   * @throws IllegalArgumentException if the property has another value
   */
  public static void prepare() {
    if (prepared) {
      return;
    }
    synchronized (Nd4jRuntime.class) {
      if (!prepared) {
        if (useCheapDeallocator(System.getProperty(DEALLOCATOR_PROPERTY))) {
          installCheapDeallocator();
        }
        prepared = true;
      }
    }
  }

  /** Whether the property's value asks for the cheap deallocator service. */
  static boolean useCheapDeallocator(String value) {
    String v = value == null ? "cheap" : value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "cheap" -> true;
      case "nd4j" -> false;
      default ->
          throw new IllegalArgumentException(
              DEALLOCATOR_PROPERTY + " must be 'cheap' or 'nd4j', got '" + value + "'");
    };
  }

  private static void installCheapDeallocator() {
    try {
      CheapDeallocatorService.install();
    } catch (IllegalStateException | LinkageError e) {
      // Another ND4J version: its own service still works, only slower.
      LOG.warn("keeping ND4J's deallocator service: {}", e.toString());
    }
  }

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
