package org.engram.driver.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.report.Report;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TableReader;
import org.engram.driver.sink.Tables;

/**
 * {@code engram report}: figures, CSV tables and an {@code index.html} of a results directory,
 * written into {@code --out} (see {@link Report}). The results are only read.
 */
final class ReportCommand {
  private final Args args;
  private final PrintStream out;

  ReportCommand(List<String> raw, PrintStream out) {
    this.args = new Args(raw, Set.of(), Set.of("--results", "--out"));
    this.out = out;
  }

  int call() {
    if (!args.positional().isEmpty()) {
      throw new UsageException(
          "report takes no arguments besides --results and --out, got " + args.positional());
    }
    String results = args.option("--results", "results");
    String target = args.option("--out", null);
    if (target == null) {
      throw new UsageException("report needs --out DIR, the directory to write the report into");
    }
    Locations.checkTrialsTable(results);
    Locations.checkOutput(target, "--out");
    Path dir = Locations.localOnly(target, "--out");
    // Figures are drawn with Java2D on machines without a display.
    System.setProperty("java.awt.headless", "true");
    OutputLayout layout = OutputLayout.of(results);
    TableReader.checkFiles(layout, Tables.all(), new org.apache.hadoop.conf.Configuration());
    SparkSession spark = LocalSessions.reader();
    try {
      Report.Written w =
          Report.write(TableReader.afterCheck(spark, layout, Tables.all()), results, dir);
      out.println(
          "report of "
              + results
              + " ("
              + w.ok()
              + " OK, "
              + w.failed()
              + " FAILED trials): "
              + w.files().size()
              + " files in "
              + dir
              + "; open "
              + dir.resolve("index.html"));
      return 0;
    } finally {
      spark.stop();
    }
  }
}
