package org.engram.driver.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.config.ConfigLoader;
import org.engram.driver.config.Experiment;
import org.engram.driver.run.RunDriver;
import org.engram.driver.run.RunOptions;
import org.engram.driver.run.RunReport;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TableReader;

/**
 * {@code engram bench-spark CONF}: what the Spark layer costs and how a grid scales over executors.
 * Runs the same grid (identical trials, e.g. {@code conf/bench-spark.conf}) on {@code
 * local-cluster[E,1,MB]} for each E of {@code --executors}: E separate executor JVMs of one core,
 * as on a cluster, each starting ND4J, receiving serialised specs and writing Parquet. Prints
 * trials per hour, the time inside trials versus the executors' time, and the speed-up over the
 * first E.
 *
 * <p>Overhead is {@code (E * wall - sum of trial seconds) / sum of trial seconds}: everything an
 * executor core spends outside a trial (session and JVM start-up, ND4J loading, scheduling,
 * serialisation, Parquet commits, an idle tail) per second of trial. The steady-state figure leaves
 * out the start-up before the first trial began, which a long grid amortises.
 */
final class SparkBenchCommand {
  private final Args args;
  private final PrintStream out;

  SparkBenchCommand(List<String> raw, PrintStream out) {
    this.args = new Args(raw, Set.of(), Set.of("--executors", "--executor-memory", "--set"));
    this.out = out;
  }

  /** One measured grid. */
  record Measurement(
      int executors,
      long trials,
      double wallSeconds,
      double startupSeconds,
      double trialSeconds,
      double meanTrialSeconds) {

    double trialsPerHour() {
      return trials / wallSeconds * 3600;
    }

    double overhead() {
      return (executors * wallSeconds - trialSeconds) / trialSeconds;
    }

    double steadyOverhead() {
      return (executors * (wallSeconds - startupSeconds) - trialSeconds) / trialSeconds;
    }
  }

  int call() throws Exception {
    if (args.positional().size() != 1) {
      throw new UsageException(
          "bench-spark needs one config file (e.g. conf/bench-spark.conf), got "
              + args.positional());
    }
    Experiment exp = ConfigLoader.load(new File(args.positional().get(0)), args.all("--set"));
    List<Integer> executors = new ArrayList<>();
    for (String e : args.option("--executors", "1,2").split(",")) {
      executors.add(positive("--executors", e));
    }
    int memory = positive("--executor-memory", args.option("--executor-memory", "2048"));
    out.printf(
        Locale.ROOT,
        "engram bench-spark: %s, %d trials per grid, executors of 1 core and %d MB, %d cores here%n",
        args.positional().get(0),
        exp.grid().expand().size(),
        memory,
        Runtime.getRuntime().availableProcessors());
    List<Measurement> rows = new ArrayList<>();
    for (int e : executors) {
      Measurement m = measure(exp, e, memory);
      rows.add(m);
      out.printf(
          Locale.ROOT,
          "executors %d: %d trials in %.1f s (start-up %.1f s) = %.0f trials/hour; mean trial %.2f s;"
              + " overhead %.1f%% of trial time (%.1f%% after start-up)%n",
          m.executors(),
          m.trials(),
          m.wallSeconds(),
          m.startupSeconds(),
          m.trialsPerHour(),
          m.meanTrialSeconds(),
          100 * m.overhead(),
          100 * m.steadyOverhead());
    }
    for (int i = 1; i < rows.size(); i++) {
      out.printf(
          Locale.ROOT,
          "speed-up %d executors over %d: %.2fx trials per hour%n",
          rows.get(i).executors(),
          rows.get(0).executors(),
          rows.get(i).trialsPerHour() / rows.get(0).trialsPerHour());
    }
    return 0;
  }

  private Measurement measure(Experiment exp, int executors, int memory) throws IOException {
    Path output = Files.createTempDirectory("engram-bench-spark-");
    long start = System.nanoTime();
    SparkSession spark =
        SparkSession.builder()
            .master("local-cluster[" + executors + ",1," + memory + "]")
            .appName("engram bench-spark " + executors)
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .config("spark.executorEnv.OMP_NUM_THREADS", "1")
            .config("spark.task.cpus", "1")
            .getOrCreate();
    try {
      RunReport report =
          new RunDriver(spark)
              .run(
                  exp,
                  new RunOptions(
                      output.toString(),
                      false,
                      List.of("bench-spark"),
                      new PrintStream(PrintStream.nullOutputStream())));
      double wall = (System.nanoTime() - start) / 1e9;
      long startMillis = System.currentTimeMillis() - Math.round(wall * 1000);
      new TableReader(spark, OutputLayout.of(output.toString())).registerViews();
      Row r =
          spark
              .sql(
                  "SELECT count(*), sum(wall_seconds), avg(wall_seconds),"
                      + " min(unix_millis(finished_at) - wall_seconds * 1000) FROM trials"
                      + " WHERE status = 'OK'")
              .first();
      if (r.getLong(0) != report.computed()) {
        throw new IllegalStateException(
            report.computed() + " trials ran but " + r.getLong(0) + " are OK: see the run's log");
      }
      double startup = Math.max(0, (r.getDouble(3) - startMillis) / 1000);
      return new Measurement(
          executors, r.getLong(0), wall, startup, r.getDouble(1), r.getDouble(2));
    } finally {
      spark.stop();
      deleteTree(output);
    }
  }

  private static int positive(String option, String value) {
    try {
      int v = Integer.parseInt(value.trim());
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(option + " must be positive integers, got '" + value + "'");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
