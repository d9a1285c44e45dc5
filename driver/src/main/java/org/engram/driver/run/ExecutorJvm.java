package org.engram.driver.run;

import org.apache.spark.SparkConf;

/**
 * JVM options that Engram's executors need and that Spark must be told: the incubating Vector API
 * module, without which an executor still runs every trial, on the slower plain-Java synapse kernel
 * (see {@code org.engram.model.VectorSupport}). Appended to {@code spark.executor.extraJavaOptions}
 * so that a user's own options there are kept.
 */
public final class ExecutorJvm {
  /** The option that gives a JVM the Vector API. */
  public static final String VECTOR_MODULE = "--add-modules jdk.incubator.vector";

  private static final String KEY = "spark.executor.extraJavaOptions";

  private ExecutorJvm() {}

  /** Adds {@link #VECTOR_MODULE} to the executors' options unless they already name the module. */
  public static void configure(SparkConf conf) {
    conf.set(KEY, withVectorModule(conf.get(KEY, "")));
  }

  /** {@code options} with {@link #VECTOR_MODULE} appended, unless they name the module already. */
  public static String withVectorModule(String options) {
    String o = options == null ? "" : options.trim();
    if (o.contains("jdk.incubator.vector")) {
      return o;
    }
    return o.isEmpty() ? VECTOR_MODULE : o + " " + VECTOR_MODULE;
  }
}
