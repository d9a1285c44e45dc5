package org.engram.driver.run;

import org.apache.spark.sql.SparkSession;

/** Spark sessions for tests: on loopback, no UI, two shuffle partitions (stack.md section 3). */
final class TestSessions {
  private TestSessions() {}

  /** A builder with the settings every test session shares; callers add master-specific ones. */
  static SparkSession.Builder loopback(String master, String appName) {
    return SparkSession.builder()
        .master(master)
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        // As a run's session (SparkSessions.forRun): run.scheduling = queue needs it.
        .config("spark.plugins", TrialQueuePlugin.class.getName());
  }
}
