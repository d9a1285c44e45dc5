package org.engram.driver.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The workload {@code bin/engram} runs once per build under {@code -XX:ArchiveClassesAtExit}, so
 * that the JVM records the classes that {@code sql}, {@code status} and {@code report} load (Spark
 * SQL, Hadoop, Parquet, Java2D and Engram's own) in a class-data-sharing archive that those
 * commands then map instead of loading and verifying each class from its jar. JVM start-up is most
 * of such a command's time: measured on the 2-vCPU VM, {@code sql} on a one-trial output took
 * 7.9-8.4 s without the archive and 4.5-4.7 s with it.
 *
 * <p>It runs the commands, for real, on a throw-away output: {@code run} of one tiny trial in local
 * mode (to have an output to read), then {@code sql}, {@code status} and {@code report} over it.
 * Their output is discarded; a failure only means no archive, and {@code bin/engram} then starts
 * without one.
 *
 * <p>Usage: {@code ClassArchiveTraining CONF}, where CONF is a small experiment file (bin/engram
 * passes {@code conf/smoke.conf}).
 */
public final class ClassArchiveTraining {
  private ClassArchiveTraining() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ClassArchiveTraining CONF");
      System.exit(2);
    }
    // Spark leaves non-daemon threads behind; exit explicitly (the archive is written at exit).
    System.exit(train(args[0]));
  }

  /** Runs the workload on {@code conf} in a temporary output, deleted after; the exit code. */
  static int train(String conf) throws IOException {
    Path output = Files.createTempDirectory("engram-class-archive-");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    int code;
    try {
      String results = output.toUri().toString();
      code =
          Main.run(
              List.of(
                  "run",
                  conf,
                  "--output",
                  results,
                  "--set",
                  "grid.seed=[1]",
                  "--set",
                  "grid.network.type=[plastic]",
                  "--set",
                  "grid.task.snippets=[1]",
                  "--set",
                  "train.steps=4"),
              quiet,
              System.err);
      if (code == 0) {
        code = Main.run(List.of("sql", "--results", results, "select * from evals"), quiet, quiet);
      }
      if (code == 0) {
        code = Main.run(List.of("status", "--results", results), quiet, quiet);
      }
      if (code == 0) {
        String report = output.resolve("report").toString();
        code = Main.run(List.of("report", "--results", results, "--out", report), quiet, quiet);
      }
    } finally {
      TempDirectories.delete(output);
    }
    return code;
  }
}
