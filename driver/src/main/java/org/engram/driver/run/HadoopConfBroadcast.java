package org.engram.driver.run;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver's Hadoop configuration as a broadcast, one per Spark session while the configuration
 * stays the same, so that a session's later runs find it already on their executors.
 *
 * <p>Why: an executor fetches a new broadcast from the driver the first time a task reads it (a
 * block-location request and a block fetch over Spark's RPC) and deserialises its thousand or so
 * properties, code that runs once per run and so stays interpreted. In warm one-core executors (Zen
 * 5 VM, {@code bench-spark conf/bench-spark.conf --executors 2 --pin --runs 6}, 2026-11-28) that
 * took 47-105 ms of each worker's start: a third to a half of the time from a run's start to its
 * first trial, and for 24 smoke-sized trials on two executors 2-4% of the run. Kept, the value
 * stays in each executor's block manager and the fetch is a local lookup.
 *
 * <p>A configuration changed between runs (a notebook that sets credentials, say) gets a new
 * broadcast; the old one is unpersisted, not destroyed, since a run still going in another thread
 * may read it (its executors then fetch it again from the driver).
 */
final class HadoopConfBroadcast {
  private static WeakReference<SparkContext> context = new WeakReference<>(null);
  private static Map<String, String> properties;
  private static Broadcast<SerializableConf> broadcast;

  private HadoopConfBroadcast() {}

  /** The broadcast of {@code hadoop} for {@code jsc}'s session: the last one, if still current. */
  static synchronized Broadcast<SerializableConf> of(JavaSparkContext jsc, Configuration hadoop) {
    Map<String, String> now = properties(hadoop);
    SparkContext sc = jsc.sc();
    boolean sameSession = broadcast != null && context.get() == sc && !sc.isStopped();
    if (sameSession && now.equals(properties)) {
      return broadcast;
    }
    if (sameSession) {
      broadcast.unpersist(false);
    }
    // A copy: later changes to the session's configuration must not reach a running run.
    broadcast = jsc.broadcast(new SerializableConf(new Configuration(hadoop)));
    context = new WeakReference<>(sc);
    properties = now;
    return broadcast;
  }

  /** A configuration's properties, sorted (the comparison does not depend on their order). */
  private static Map<String, String> properties(Configuration hadoop) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : hadoop) {
      sorted.put(e.getKey(), e.getValue());
    }
    return sorted;
  }
}
