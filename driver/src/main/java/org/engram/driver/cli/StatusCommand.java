package org.engram.driver.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.sink.Manifests;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.RunManifest;
import org.engram.driver.sink.TableReader;
import org.engram.driver.sink.Tables;

/** {@code engram status}: the runs of a results directory and its trials by status. */
final class StatusCommand {
  private final Args args;
  private final PrintStream out;

  StatusCommand(List<String> raw, PrintStream out) {
    this.args = new Args(raw, Set.of(), Set.of("--results"));
    this.out = out;
  }

  int call() throws Exception {
    if (!args.positional().isEmpty()) {
      throw new UsageException("status takes no arguments besides --results");
    }
    String results = args.option("--results", "results");
    Locations.checkResults(results);
    OutputLayout layout = OutputLayout.of(results);
    TableReader.checkFiles(
        layout, List.of(Tables.trials()), new org.apache.hadoop.conf.Configuration());
    SparkSession spark = LocalSessions.reader();
    try {
      FileSystem fs = layout.root().getFileSystem(spark.sparkContext().hadoopConfiguration());
      List<RunManifest> runs = new Manifests(fs, layout).readAll();
      out.println(runs.size() + " runs in " + layout.root());
      for (RunManifest m : runs) {
        out.printf(
            "  %s  %-10s %-8s grid %d, skipped %s, ran %d -> %s  (%s to %s)%n",
            m.runId(),
            m.name(),
            m.state(),
            m.gridTrials(),
            m.skipped(),
            m.submitted(),
            m.counts(),
            m.startedAt(),
            m.finishedAt() == null ? "?" : m.finishedAt());
      }
      Map<String, Integer> byStatus = new TreeMap<>();
      TableReader.afterCheck(spark, layout, List.of(Tables.trials()))
          .committedStatus()
          .values()
          .forEach(s -> byStatus.merge(s, 1, Integer::sum));
      out.println("trials by status: " + byStatus);
      return 0;
    } finally {
      spark.stop();
    }
  }
}
