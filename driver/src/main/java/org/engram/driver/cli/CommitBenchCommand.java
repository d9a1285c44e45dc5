package org.engram.driver.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.engram.driver.config.ConfigLoader;
import org.engram.driver.config.Experiment;
import org.engram.driver.grid.Trial;
import org.engram.driver.run.CommitCost;
import org.engram.driver.run.CommitCost.Cost;

/**
 * {@code engram bench-commit CONF}: the CPU of a trial's commit, checkpoint save and committed
 * check on a local disk, through {@code java.nio} (Engram's path) and through Hadoop's {@code
 * FileSystem} (see {@link CommitCost}), alternating the two paths round by round, since this
 * machine's speed drifts within minutes. It runs in this JVM; {@code taskset -c 0 bin/engram
 * bench-commit ...} confines it to one core, as a one-core executor is.
 */
final class CommitBenchCommand {
  private final Args args;
  private final PrintStream out;

  CommitBenchCommand(List<String> raw, PrintStream out) {
    this.args = new Args(raw, Set.of(), Set.of("--commits", "--rounds", "--set"));
    this.out = out;
  }

  int call() throws IOException {
    if (args.positional().size() != 1) {
      throw new UsageException(
          "bench-commit expects one config file (e.g. conf/bench-spark.conf), got "
              + args.positional());
    }
    Experiment exp = ConfigLoader.load(new File(args.positional().get(0)), args.all("--set"));
    int commits = SparkBenchCommand.positive("--commits", args.option("--commits", "300"));
    int rounds = SparkBenchCommand.positive("--rounds", args.option("--rounds", "3"));
    if (commits < 2) {
      throw new UsageException("--commits must be at least 2, got " + commits);
    }
    Trial trial = exp.grid().expand().get(0);
    out.printf(
        Locale.ROOT,
        "engram bench-commit: %s, the grid's first trial (%s), run once; then per round and path"
            + " %d commits of its record, each with a checkpoint save and a committed check, 32 MB"
            + " of memory touched between commits; CPU of this thread, the medians of each round's"
            + " second half%n",
        args.positional().get(0),
        trial.id(),
        commits);
    CommitCost cost = CommitCost.of(trial.spec(), trial.id());
    out.printf(Locale.ROOT, "checkpoint: %d bytes%n", cost.checkpointBytes());
    List<Cost> nio = new ArrayList<>();
    List<Cost> hadoop = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      boolean nioFirst = r % 2 == 1;
      for (boolean javaNio : nioFirst ? List.of(true, false) : List.of(false, true)) {
        Cost c = measure(cost, javaNio, commits);
        (javaNio ? nio : hadoop).add(c);
        out.printf(
            Locale.ROOT,
            "round %d of %d, %-8s commit %.2f ms, checkpoint save %.2f ms, committed check %.3f"
                + " ms%n",
            r,
            rounds,
            javaNio ? "java.nio" : "Hadoop",
            c.commitMs(),
            c.checkpointSaveMs(),
            c.committedCheckMs());
      }
    }
    print("commit", nio, hadoop, Cost::commitMs);
    print("checkpoint save", nio, hadoop, Cost::checkpointSaveMs);
    print("committed check", nio, hadoop, Cost::committedCheckMs);
    return 0;
  }

  private static Cost measure(CommitCost cost, boolean javaNio, int commits) throws IOException {
    Path dir = Files.createTempDirectory("engram-bench-commit-");
    try {
      return cost.measure(dir, javaNio, commits);
    } finally {
      TempDirectories.delete(dir);
    }
  }

  private void print(
      String what, List<Cost> nio, List<Cost> hadoop, ToDoubleFunction<Cost> metric) {
    double n = median(nio, metric);
    double h = median(hadoop, metric);
    out.printf(
        Locale.ROOT,
        "%s, median of %d rounds: java.nio %.3f CPU-ms, Hadoop %.3f CPU-ms (java.nio %.2fx"
            + " Hadoop's)%n",
        what,
        nio.size(),
        n,
        h,
        n / h);
  }

  static double median(List<Cost> costs, ToDoubleFunction<Cost> metric) {
    return SparkBenchCommand.Measurement.median(
        costs.stream().map(c -> metric.applyAsDouble(c)).toList());
  }
}
