package org.engram.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.engram.driver.grid.TrialIds;
import org.engram.spec.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without Spark: dry runs, config errors, refused queries, trial ids. */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int main(String... args) {
    return Main.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void benchTimesMetaUpdatesOnTheVectorKernel() {
    assertEquals(0, quickBench("small"), err());
    String[] lines = out().split("\n");
    assertTrue(
        lines[0].contains("vector kernel (")
            && lines[0].contains("warm-up at least 1 s, then until the JIT is quiet")
            && lines[0].contains("at most 2 s"),
        lines[0]);
    String row =
        java.util.Arrays.stream(lines)
            .filter(l -> l.startsWith("engram    small    threads 1:"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(out()));
    double updatesPerSecond = Double.parseDouble(row.split("\\s+")[4]);
    assertTrue(updatesPerSecond > 0, row);
    // How the warm-up ended and the JIT's share of the measured second. Two seconds at most: on a
    // fast machine that is shorter than the JIT's first interval; on a slow one (CI) a full one
    // fits and the row gives the JIT's share of it; either way the JIT is still compiling.
    assertTrue(
        row.matches(
            ".*; warm-up \\d+ s \\(the JIT still busy: (no full interval yet|\\d+% of the last"
                + " interval)\\), JIT [0-9.]+% of the measured time"),
        row);
  }

  @Test
  void benchTimesTheSmokeTrialsMetaUpdates() {
    assertEquals(0, quickBench("smoke"), err());
    String row =
        java.util.Arrays.stream(out().split("\n"))
            .filter(l -> l.startsWith("engram    smoke    threads 1:"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(out()));
    assertTrue(Double.parseDouble(row.split("\\s+")[4]) > 0, row);
  }

  /** A stand-in for the reference's bench.py: holds 150 MB, then prints its row. */
  private static final String FAKE_REFERENCE =
      String.join(
          "\n",
          "import argparse",
          "ap = argparse.ArgumentParser()",
          "for o in ('--threads', '--seconds', '--configs'):",
          "    ap.add_argument(o)",
          "a = ap.parse_args()",
          "block = bytearray(150 * 1024 * 1024)",
          "for i in range(0, len(block), 4096):",
          "    block[i] = 1",
          "print('config N syn T params upd/s ms/upd GFLOP/upd GFLOP/s')",
          "for c in a.configs.split(','):",
          "    print(c, 34, 792, 16, 2713, '10.000', '100.0', '0.100', '1.00')",
          "");

  /**
   * {@code bench} of one config for a second on one thread, its warm-up 1 to 2 s (a test needs the
   * rows, not a quiet JIT), then {@code more}.
   */
  private int quickBench(String config, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                "--configs",
                config,
                "--threads",
                "1",
                "--seconds",
                "1",
                "--warmup",
                "1",
                "--warmup-max",
                "2"));
    args.addAll(List.of(more));
    return main(args.toArray(String[]::new));
  }

  /** {@link #quickBench} of the small config against {@code reference}. */
  private int benchSmallAgainst(Path reference, String... more) {
    List<String> args =
        new ArrayList<>(List.of("--reference", reference.toString(), "--python", "python3"));
    args.addAll(List.of(more));
    return quickBench("small", args.toArray(String[]::new));
  }

  @Test
  void benchMemoryComparesEachSideInAFreshProcess(@TempDir Path reference) throws Exception {
    Files.writeString(reference.resolve("bench.py"), FAKE_REFERENCE);
    assertEquals(0, benchSmallAgainst(reference, "--memory", "small"), err() + out());
    String line =
        java.util.Arrays.stream(out().split("\n"))
            .filter(l -> l.startsWith("  small    threads 1: engram "))
            .filter(l -> l.contains(" MB, reference "))
            .findFirst()
            .orElseThrow(() -> new AssertionError(out()));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("engram (\\d+) MB, reference (\\d+) MB, ratio ([0-9.]+)x")
            .matcher(line);
    assertTrue(m.find(), line);
    double engram = Double.parseDouble(m.group(1));
    double ref = Double.parseDouble(m.group(2));
    // The script's own peak (150 MB and Python), not the resident set of the JVM that started it.
    assertTrue(ref >= 150 && ref < 260, line);
    assertTrue(engram > 100, line); // a JVM with ND4J and a meta-update's arrays
    assertEquals(engram / ref, Double.parseDouble(m.group(3)), 0.01 * engram / ref + 0.01, line);
  }

  @Test
  void benchWithoutPyTorchKeepsItsOwnRowsAndSaysWhatIsMissing(@TempDir Path reference)
      throws Exception {
    Files.writeString(
        reference.resolve("bench.py"),
        "import sys\nsys.stderr.write(\"ModuleNotFoundError: No module named 'torch'\\n\")\n"
            + "sys.exit(1)\n");
    assertEquals(0, benchSmallAgainst(reference), err() + out());
    assertTrue(out().contains("engram    small    threads 1:"), out());
    assertTrue(out().contains("reference bench.py exited with 1"), out());
    assertTrue(out().contains("apt-get install python3-torch"), out());
    assertFalse(out().contains("ratio"), out()); // no ratio against a reference that did not run
  }

  @Test
  void benchMemoryRejectsAConfigTheReferenceLacks() {
    assertEquals(2, main("bench", "--configs", "smoke", "--memory", "smoke"));
    assertTrue(err().contains("--memory") && err().contains("'smoke'"), err());
  }

  @Test
  void dryRunPrintsTheTrialsOfTheSmokeGrid() {
    Path smoke = Path.of(System.getProperty("user.dir")).getParent().resolve("conf/smoke.conf");
    assertEquals(0, main("run", smoke.toString(), "--dry-run"), err());
    assertTrue(out().contains("network.type=plastic task.snippets=1 seed=1"), out());
    assertTrue(out().trim().endsWith("8 trials"), out());
  }

  @Test
  void configErrorsExitWithTwoAndNameEveryKey(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "network.hiden = 4\ntrain { steps = many }\ngrid { seed = 1 }\n");
    assertEquals(2, main("run", conf.toString(), "--dry-run"));
    assertTrue(err().contains("invalid config (3 problems)"), err());
    assertTrue(err().contains("bad.conf:1: network.hiden: unknown key"), err());
    assertTrue(err().contains("bad.conf:2: train.steps: expected an integer"), err());
    assertTrue(err().contains("bad.conf:3: grid.seed: expected a non-empty list"), err());
  }

  @Test
  void benchCommitComparesJavaNioWithHadoopOnARealTrialsRecord() throws IOException {
    List<Path> before = benchCommitDirs();
    assertEquals(
        0,
        main(
            "bench-commit",
            "../conf/bench-spark.conf",
            "--commits",
            "6",
            "--rounds",
            "2",
            "--set",
            "train.steps=20",
            "--set",
            "train.checkpointEvery=10"),
        err());
    String o = out();
    assertTrue(o.matches("(?s).*checkpoint: [1-9]\\d* bytes.*"), o);
    for (String path : List.of("java.nio", "Hadoop  ")) {
      for (int round = 1; round <= 2; round++) {
        assertTrue(o.contains("round " + round + " of 2, " + path + " commit "), o);
      }
    }
    for (String what : List.of("commit", "checkpoint save", "committed check")) {
      assertTrue(
          o.matches(
              "(?s).*\\n"
                  + what
                  + ", median of 2 rounds: java.nio [\\d.]+ CPU-ms, Hadoop [\\d.]+ CPU-ms.*"),
          o);
    }
    assertEquals(before, benchCommitDirs(), "its temporary outputs are gone");
  }

  @Test
  void benchCommitNeedsACheckpointingTrial() {
    assertEquals(
        1,
        main(
            "bench-commit",
            "../conf/bench-spark.conf",
            "--commits",
            "2",
            "--set",
            "train.steps=4",
            "--set",
            "train.checkpointEvery=0"));
    assertTrue(err().contains("train.checkpointEvery"), err());
  }

  private static List<Path> benchCommitDirs() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("engram-bench-commit-"))
          .sorted()
          .toList();
    }
  }

  @Test
  void benchSparkInterleaveRefusesWhatItCannotInterleaveBeforeStartingSpark() {
    String conf = "../conf/bench-spark.conf";
    assertEquals(2, main("bench-spark", conf, "--interleave", "--warm"));
    assertTrue(err().contains("--interleave and --warm"), err());
    assertEquals(2, main("bench-spark", conf, "--interleave", "--rounds", "2"));
    assertTrue(err().contains("--interleave and --rounds"), err());
    assertEquals(2, main("bench-spark", conf, "--interleave", "--executors", "2"));
    assertTrue(err().contains("two or more different executor counts"), err());
    assertEquals(2, main("bench-spark", conf, "--interleave", "--executor-cores", "2"));
    assertTrue(err().contains("--executor-cores 1"), err());
    assertEquals(2, main("bench-spark", conf, "--interleave", "--set", "run.scheduling=tasks"));
    assertTrue(err().contains("needs run.scheduling = queue"), err());
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertEquals(2, main());
    assertEquals(2, main("frobnicate"));
    assertEquals(2, main("run", "a.conf", "--bogus"));
    assertEquals(2, main("sql", "--results", "x", "DROP TABLE trials"));
    assertTrue(err().contains("sql is read-only"), err());
    assertEquals(2, main("sql", "--results", "x", "SELECT 1; DROP TABLE trials"));
  }

  @Test
  void trialIdsAreStableAcrossMachinesAndBuilds() {
    // The id of MODEL.md's default trial: if this changes, every stored result is orphaned. Change
    // it only together with BuildInfo.CODE_VERSION. (Re-pinned when network.hopfieldIterations
    // joined the spec, before any result was published.)
    assertEquals("3fc0b9c650c796a7", TrialIds.of(TrialSpec.defaults(1)));
  }
}
