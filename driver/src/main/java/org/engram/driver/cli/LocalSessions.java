package org.engram.driver.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.run.SparkSessions;

/** A small local Spark session for reading results; its warehouse is a temporary directory. */
final class LocalSessions {
  private LocalSessions() {}

  static SparkSession reader() {
    try {
      Path tmp = Files.createTempDirectory("engram-sql");
      tmp.toFile().deleteOnExit();
      SparkSessions.starting();
      return SparkSession.builder()
          .appName("engram sql")
          .master("local[*]")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString())
          .getOrCreate();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
