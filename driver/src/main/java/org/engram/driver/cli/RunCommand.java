package org.engram.driver.cli;

import java.io.File;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.config.ConfigLoader;
import org.engram.driver.config.Experiment;
import org.engram.driver.grid.SpecFields;
import org.engram.driver.grid.Trial;
import org.engram.driver.run.RunDriver;
import org.engram.driver.run.RunOptions;
import org.engram.driver.run.SparkSessions;

/** {@code engram run CONF ...}: validates the config, then runs what is missing (or prints it). */
final class RunCommand {
  private final List<String> raw;
  private final Args args;
  private final PrintStream out;

  RunCommand(List<String> raw, PrintStream out) {
    this.raw = raw;
    this.args =
        new Args(
            raw, Set.of("--dry-run", "--retry-failed"), Set.of("--master", "--output", "--set"));
    this.out = out;
  }

  int call() throws Exception {
    if (args.positional().size() != 1) {
      throw new UsageException("run needs exactly one config file, got " + args.positional());
    }
    // Validated in full before Spark starts: a bad key fails here, in a second, not on a cluster.
    Experiment exp = ConfigLoader.load(new File(args.positional().get(0)), args.all("--set"));
    if (args.flag("--dry-run")) {
      printTrials(exp.grid().expand());
      return 0;
    }
    String output = args.option("--output", "results");
    String master = args.option("--master", null);
    Locations.checkOutput(output);
    Locations.checkMaster(master);
    SparkSession spark = SparkSessions.forRun(exp.run(), master);
    try {
      new RunDriver(spark)
          .run(exp, new RunOptions(output, args.flag("--retry-failed"), fullCommand(), out));
      return 0;
    } finally {
      spark.stop();
    }
  }

  private List<String> fullCommand() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of("run"), raw.stream()).toList();
  }

  private void printTrials(List<Trial> trials) {
    for (Trial t : trials) {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format("%4d  %s ", t.index(), t.id()));
      for (Map.Entry<String, Object> e : ordered(t)) {
        sb.append(' ').append(e.getKey()).append('=').append(SpecFields.format(e.getValue()));
      }
      out.println(sb);
    }
    out.println(trials.size() + " trials");
  }

  private static List<Map.Entry<String, Object>> ordered(Trial t) {
    return t.point().entrySet().stream()
        .sorted(java.util.Comparator.comparingInt(e -> SpecFields.order(e.getKey())))
        .toList();
  }
}
