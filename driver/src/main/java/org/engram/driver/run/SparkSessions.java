package org.engram.driver.run;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a run. Cores per trial is one setting: {@code spark.task.cpus} (so Spark
 * schedules that many cores per trial), {@code OMP_NUM_THREADS} of executors, and ND4J's thread cap
 * inside each task ({@link Workers#configureThreads}).
 */
public final class SparkSessions {
  /**
   * Sessions this JVM asked for: lets tests prove that a bad command line failed before any Spark
   * work (a session takes seconds and, on a cluster, executors).
   */
  private static final AtomicInteger STARTED = new AtomicInteger();

  private SparkSessions() {}

  /** How many sessions this JVM has asked for. */
  public static int started() {
    return STARTED.get();
  }

  /** Counts a session about to be built (see {@link #started()}). */
  public static void starting() {
    STARTED.incrementAndGet();
  }

  /**
   * Builds (or gets) the session. The master is {@code master} if given, else the one spark-submit
   * set, else {@code local[*]}.
   */
  public static SparkSession forRun(RunSettings run, String master) {
    SparkConf conf = new SparkConf();
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    conf.setAppName("engram " + run.name());
    conf.setIfMissing("spark.driver.host", "127.0.0.1");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    for (Map.Entry<String, String> e : run.spark().entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    String cores = Integer.toString(run.coresPerTrial());
    conf.set("spark.task.cpus", cores);
    conf.set("spark.executorEnv.OMP_NUM_THREADS", cores);
    // Spinning OpenMP threads would take the cores the synapse kernel's threads need.
    conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
    conf.set("spark.task.maxFailures", Integer.toString(run.maxFailures()));
    ExecutorJvm.configure(conf);
    WarmUpPlugin.register(conf);
    TrialQueuePlugin.register(conf);
    starting();
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
