package org.engram.driver.run;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.spark.SparkEnv;
import org.engram.model.KernelThreads;
import org.engram.result.Provenance;
import org.engram.runtime.BuildInfo;
import org.engram.runtime.Nd4jRuntime;
import org.nd4j.linalg.factory.Nd4j;

/** Executor-side facts and settings: threads, who we are, what ran. */
final class Workers {
  private Workers() {}

  /**
   * Caps ND4J's threads at the trial's cores, and gives the synapse kernel as many. OpenMP's own
   * count comes from {@code OMP_NUM_THREADS}, which the driver sets for executors ({@code
   * spark.executorEnv}); both are needed, since several trials share one JVM and unset OpenMP takes
   * every core.
   */
  static void configureThreads(int cores) {
    Nd4jRuntime.capThreads(cores);
    KernelThreads.set(cores);
  }

  /**
   * {@code <pid>@<host>}, read once: the runtime bean looks the host's name up again on every call,
   * and a task asks before each of its trials.
   */
  private static final String JVM_NAME = ManagementFactory.getRuntimeMXBean().getName();

  /** {@code <executor id>/<pid>@<host>}: which JVM ran a task. */
  static String executorId() {
    SparkEnv env = SparkEnv.get();
    String id = env == null ? "none" : env.executorId();
    return id + "/" + JVM_NAME;
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  static String nd4jBackend() {
    try {
      return Nd4j.getBackend().getClass().getSimpleName()
          + "/"
          + Nd4j.factory().blas().getBlasVendor();
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }

  /** Provenance for a result the worker did not describe (a failure caught by the task). */
  static Provenance provenance(int blasThreads, double wallSeconds) {
    return new Provenance(
        BuildInfo.CODE_VERSION,
        BuildInfo.gitCommit(),
        System.getProperty("java.version"),
        nd4jBackend(),
        blasThreads,
        host(),
        wallSeconds);
  }
}
