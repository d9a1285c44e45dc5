package org.engram.driver.run;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.config.Experiment;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TableReader;

/** Runs for tests: one {@link RunDriver#run} with its progress log kept, and the tables read. */
final class TestRuns {
  private TestRuns() {}

  /** A run's report and the progress it printed. */
  record Logged(RunReport report, String log) {}

  /**
   * Runs {@code exp} into {@code out}, keeping what it prints; the log is echoed to the test's
   * output even when the run throws.
   *
   * @param command the command line the run's manifest records
   */
  static Logged run(
      SparkSession spark, Experiment exp, Path out, boolean retryFailed, List<String> command)
      throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      RunReport report =
          new RunDriver(spark)
              .run(
                  exp,
                  new RunOptions(
                      out.toString(),
                      retryFailed,
                      command,
                      new PrintStream(buf, true, StandardCharsets.UTF_8)));
      return new Logged(report, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.out.print(buf.toString(StandardCharsets.UTF_8));
    }
  }

  /** The rows of a Spark SQL query over the output's views (trials, evals, curves, rules). */
  static List<Row> rows(SparkSession spark, Path out, String sql) {
    new TableReader(spark, OutputLayout.of(out.toString())).registerViews();
    return spark.sql(sql).collectAsList();
  }
}
