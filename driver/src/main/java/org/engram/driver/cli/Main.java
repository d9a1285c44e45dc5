package org.engram.driver.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.engram.driver.grid.GridException;
import org.engram.driver.run.OutputLock;
import org.engram.driver.sink.CorruptTableException;

/**
 * The driver's entry point: {@code run}, {@code sql}, {@code status}, {@code report}, {@code trial}
 * and {@code bench}. Exit codes: 0 done (a run whose trials failed is still done: the failures are
 * rows), 1 the run itself failed, 2 a bad command line or config (nothing started).
 */
public final class Main {

  static final String USAGE =
      String.join(
          "\n",
          "usage: engram run CONF [--master URL] [--output DIR] [--dry-run] [--retry-failed]",
          "                       [--set KEY=VALUE]...",
          "       engram sql --results DIR [--format table|csv|json] \"QUERY\"",
          "       engram status --results DIR",
          "       engram report --results DIR --out DIR",
          "       engram trial [--rule FILE] [--result FILE] [KEY=VALUE]...",
          "       engram bench [--threads 1,2] [--seconds 20] [--warmup 5] [--warmup-max 60]",
          "                    [--configs small,default,large] [--reference DIR] [--python PY]",
          "                    [--memory default] [--rounds N]",
          "       engram bench-spark CONF [--executors 1,2] [--executor-cores 1] [--executor-memory MB]",
          "                    [--executor-java-options OPTS] [--warm [--warm-runs 2] | --runs N]",
          "                    [--pin] [--rounds N | --interleave [--runs 6]]",
          "                    [--set K=V]...",
          "       engram bench-commit CONF [--commits 300] [--rounds 3] [--set K=V]...",
          "",
          "  run      runs the trials of CONF that have no row in DIR yet (default ./results,",
          "           master local[*]); --dry-run prints the trials; --retry-failed reruns",
          "           trials whose row is FAILED; --set overrides a key of CONF",
          "  sql      read-only Spark SQL over the views trials, evals, curves, rules",
          "  status   runs, and trials by status, of a results directory",
          "  report   figures (PNG, SVG), CSV tables and index.html of a results directory:",
          "           accuracy and bits per synapse against K, capacity against size, rules",
          "  trial    one trial in this JVM without Spark: MODEL.md's defaults with KEY=VALUE",
          "           overrides (e.g. network.type=hebbian task.snippets=2 seed=3)",
          "  bench    meta-updates per second, GFLOP/s and peak memory of the numeric core;",
          "           --reference DIR also runs DIR/bench.py (PyTorch) and prints the ratios;",
          "           --rounds N measures both sides N times, alternating, and prints each",
          "           ratio's median over the rounds (the machine's speed drifts);",
          "           --configs smoke times conf/smoke.conf's trial (Engram's own, B = 4)",
          "  bench-spark  the Spark layer's overhead and the speed-up of a grid of identical",
          "           trials over E executors of 1 core each (local-cluster, fresh output)",
          "           and where the time and CPU went; --executor-java-options replaces the",
          "           executors' JVM options (spark.executor.extraJavaOptions); --runs N runs",
          "           the grid N times on the same executors and measures each run, the first",
          "           cold; --warm runs it until each executor has run a grid's trials and",
          "           its JIT is quiet (under 3% of its CPU in a run, at most 8 runs more),",
          "           then 2 more (--warm-runs K), and compares those; --pin pins each executor",
          "           JVM, all its threads, to its own core (taskset), as a 1-core container;",
          "           --rounds N repeats it all N times, alternating the executor counts, and",
          "           ends with the medians of the rounds' gaps (alone and with the commits'",
          "           CPU), task CPU per trial and speed-ups; --interleave runs one session",
          "           of the most executors and, in cycles, the grid on each count of them in",
          "           turn (every other cycle reversed), warm-up cycles first, then --runs N",
          "           measured cycles (6), and prints each cycle's speed-up and their median",
          "  bench-commit  the CPU of a trial's commit, checkpoint save and committed check on",
          "           a local disk, through java.nio (Engram's path) and through Hadoop's",
          "           FileSystem, alternating (one trial of CONF is run first for its sizes)");

  private Main() {}

  public static void main(String[] args) {
    int code = run(Arrays.asList(args), System.out, System.err);
    // Spark leaves non-daemon threads behind; exit explicitly.
    System.exit(code);
  }

  /** Runs a command; returns the exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println(
          "engram: expected a command: run, sql, status, report, bench, bench-spark, bench-commit or trial");
      err.println(USAGE);
      return 2;
    }
    if (args.get(0).equals("--help") || args.get(0).equals("-h")) {
      out.println(USAGE);
      return 0;
    }
    List<String> rest = args.subList(1, args.size());
    try {
      return switch (args.get(0)) {
        case "run" -> new RunCommand(rest, out).call();
        case "sql" -> new SqlCommand(rest, out).call();
        case "status" -> new StatusCommand(rest, out).call();
        case "report" -> new ReportCommand(rest, out).call();
        case "bench" -> new BenchCommand(rest, out).call();
        case "bench-spark" -> new SparkBenchCommand(rest, out).call();
        case "bench-commit" -> new CommitBenchCommand(rest, out).call();
        case "trial" -> {
          try {
            org.engram.train.SingleTrialMain.main(rest.toArray(String[]::new));
          } catch (IllegalArgumentException e) {
            throw new UsageException("trial: " + e.getMessage());
          }
          yield 0;
        }
        default ->
            throw new UsageException(
                "unknown command '"
                    + args.get(0)
                    + "', expected run, sql, status, report, bench, bench-spark, bench-commit or trial",
                true);
      };
    } catch (UsageException e) {
      // One line that names the argument; the whole usage only where the command is unknown.
      err.println("engram: " + e.getMessage());
      err.println(e.showUsage() ? USAGE : "(engram --help for usage)");
      return 2;
    } catch (GridException e) {
      List<String> problems = e.problems();
      if (problems.size() == 1) {
        err.println("engram: invalid config: " + problems.get(0));
      } else {
        err.println("engram: invalid config (" + problems.size() + " problems):");
        problems.forEach(p -> err.println("  " + p));
      }
      return 2;
    } catch (OutputLock.HeldException | CorruptTableException e) {
      // Expected conditions with a complete message: no stack trace to wade through.
      err.println("engram: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("engram: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }
}
