package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.cli.Main;
import org.engram.driver.config.ConfigLoader;
import org.engram.driver.config.Experiment;
import org.engram.driver.sink.CorruptTableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a run must survive without losing or duplicating a trial, in {@code local[2,2]} (two
 * attempts per task, as a cluster's spark.task.maxFailures): divergence, exhausted memory, a
 * corrupt checkpoint, a corrupt table file, and two runs on one output.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FaultsLocalTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSessions.loopback("local[2,2]", "engram-faults-test").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Experiment exp(String hocon) {
    return ConfigLoader.loadString("run.name = faults\n" + LocalRunTest.TINY + hocon, "f.conf");
  }

  private static RunReport run(Experiment exp, Path out, boolean retryFailed) throws Exception {
    return TestRuns.run(spark, exp, out, retryFailed, List.of("run")).report();
  }

  private static List<Row> rows(Path out, String sql) {
    return TestRuns.rows(spark, out, sql);
  }

  @Test
  void aDivergentTrialIsAFailedRowThatIsNeverRetried(@TempDir Path out) throws Exception {
    // A learning rate near float's maximum overflows theta within a few meta-steps: NaN loss.
    Experiment e = exp("grid { train.lr = [1e-3, 1e38], seed = [1] }\ntrain.finalLr = 1e-4\n");
    RunReport r = run(e, out, false);
    assertEquals(1, r.count("OK"));
    assertEquals(1, r.count("FAILED"));
    List<Row> failed =
        rows(out, "SELECT error, task_attempt, train_lr FROM trials WHERE status = 'FAILED'");
    assertEquals(1, failed.size());
    assertTrue(failed.get(0).getString(0).contains("non-finite"), failed.get(0).getString(0));
    assertEquals(0, failed.get(0).getInt(1), "Spark did not retry the divergent task");
    assertEquals(1e38, failed.get(0).getDouble(2));

    RunReport again = run(e, out, false);
    assertEquals(0, again.computed(), "a second run without --retry-failed runs nothing");
    assertEquals(1, again.skippedFailed());
    assertEquals(2, rows(out, "SELECT * FROM trials").size());
  }

  @Test
  void exhaustedMemoryIsRetriedThenAFailedRowAndTheOthersFinish(@TempDir Path out)
      throws Exception {
    Experiment e =
        exp(
            "run.runner = "
                + HeapHog.class.getName()
                + "\ngrid { network.hidden = [4, 2000], seed = [1, 2] }\n");
    RunReport r = run(e, out, false);
    assertEquals(2, r.count("OK"));
    assertEquals(2, r.count("FAILED"));
    List<Row> failed =
        rows(out, "SELECT error, task_attempt FROM trials WHERE status = 'FAILED' ORDER BY seed");
    for (Row f : failed) {
      assertTrue(f.getString(0).startsWith("out of memory: Java heap space"), f.getString(0));
      assertTrue(f.getString(0).contains("each of 2 attempts"), f.getString(0));
      assertEquals(1, f.getInt(1), "committed by the last of 2 attempts");
    }
    assertEquals(
        2, rows(out, "SELECT * FROM trials WHERE status = 'OK' AND network_hidden = 4").size());
    assertEquals(0, run(e, out, false).computed(), "a FAILED row is kept, not re-run");
  }

  @Test
  void aCorruptCheckpointFailsTheTrialAndIsKept(@TempDir Path out) throws Exception {
    Experiment e = exp("grid { seed = [1, 2] }\n");
    String victim = e.grid().expand().get(0).id();
    Path ckpt = out.resolve("checkpoints").resolve(victim + ".ckpt");
    Files.createDirectories(ckpt.getParent());
    byte[] garbage = "ENGRAM-CHECKPOINT but then not a checkpoint".getBytes(StandardCharsets.UTF_8);
    Files.write(ckpt, garbage);

    RunReport r = run(e, out, false);
    assertEquals(1, r.count("OK"));
    List<Row> failed =
        rows(out, "SELECT trial_id, error, task_attempt FROM trials WHERE status = 'FAILED'");
    assertEquals(1, failed.size());
    assertEquals(victim, failed.get(0).getString(0));
    String error = failed.get(0).getString(1);
    assertTrue(error.contains("checkpoint") && error.contains("unusable"), error);
    assertTrue(error.contains("kept"), error);
    assertEquals(0, failed.get(0).getInt(2));
    assertArrayEquals(garbage, Files.readAllBytes(ckpt), "the checkpoint was not touched");

    // Deleting it, as the message says, and retrying runs the trial from the start.
    Files.delete(ckpt);
    assertEquals(1, run(e, out, true).count("OK"));
    assertEquals(2, rows(out, "SELECT * FROM trials WHERE status = 'OK'").size());
  }

  @Test
  void aCorruptTableFileIsNamedByRunSqlAndStatusAndNeverOverwritten(@TempDir Path out)
      throws Exception {
    Experiment e =
        exp("run.runner = " + SyntheticTrials.class.getName() + "\ngrid { seed = [1, 2, 3] }\n");
    assertEquals(3, run(e, out, false).count("OK"));
    String victim = e.grid().expand().get(1).id();
    Path file = out.resolve("trials").resolve(victim + ".parquet");
    byte[] whole = Files.readAllBytes(file);
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
    Files.write(file, truncated);
    Files.deleteIfExists(out.resolve("trials").resolve("." + victim + ".parquet.crc"));
    List<Path> before = listing(out);

    CorruptTableException thrown =
        assertThrows(CorruptTableException.class, () -> run(e, out, false));
    assertTrue(thrown.getMessage().contains(victim + ".parquet"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("Nothing was changed"), thrown.getMessage());
    assertArrayEquals(truncated, Files.readAllBytes(file));
    assertEquals(before, listing(out), "the refused run wrote nothing (no manifest, no lock)");

    for (List<String> cmd :
        List.of(
            List.of("sql", "--results", out.toString(), "SELECT count(*) FROM trials"),
            List.of("status", "--results", out.toString()))) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          Main.run(
              cmd,
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      String msg = err.toString(StandardCharsets.UTF_8);
      assertEquals(1, code, msg);
      assertTrue(msg.startsWith("engram: unreadable result file: "), msg);
      assertTrue(msg.contains(file.getFileName().toString()), msg);
      assertFalse(msg.contains("\tat "), msg);
    }
    assertArrayEquals(truncated, Files.readAllBytes(file));
    assertFalse(spark.sparkContext().isStopped(), "sql and status failed before any session");
  }

  @Test
  void batchedTrialsAreCommittedOnceEachWhenTheirTaskIsRetried(@TempDir Path out) throws Exception {
    // Tasks of 3 trials: [1, 2, 3], [4, 5, 6], [7, 13]. The first attempt of the first task
    // commits 1 and 2, then loses its disk at 3; the retry must skip 1 and 2. Seed 13 fails
    // deterministically inside the last task: a FAILED row, and its task-mate still runs.
    Experiment e =
        exp(
            "run.runner = "
                + SyntheticLostDiskOnce.class.getName()
                + "\nrun.scheduling = tasks\nrun.trialsPerTask = 3"
                + "\ngrid { seed = [1, 2, 3, 4, 5, 6, 7, 13] }\n");
    TestRuns.Logged run = TestRuns.run(spark, e, out, false, List.of("run"));
    RunReport r = run.report();
    String log = run.log();

    assertEquals(7, r.count("OK"), log);
    assertEquals(1, r.count("FAILED"), log);
    assertEquals(8, rows(out, "SELECT * FROM trials").size(), "one row per trial, none twice");
    assertEquals(8, rows(out, "SELECT DISTINCT trial_id FROM trials").size());
    assertEquals(
        1,
        rows(out, "SELECT * FROM trials WHERE status = 'FAILED' AND seed = 13").size(),
        "the deterministic failure is its own row");
    assertEquals(
        1,
        rows(out, "SELECT * FROM trials WHERE seed = 3 AND task_attempt = 1").size(),
        "seed 3 was committed by the retry");
    assertEquals(
        2,
        rows(out, "SELECT * FROM trials WHERE seed IN (1, 2) AND task_attempt = 0").size(),
        "seeds 1 and 2 were committed by the first attempt and not run again");
    assertTrue(log.contains("attempt 0 of the task of trials"), log);
    assertTrue(log.contains("injected lost disk"), log);
    assertTrue(log.contains("8/8 trials done (1 failed)"), log);
    java.util.regex.Matcher running =
        java.util.regex.Pattern.compile("(\\d+) running").matcher(log);
    while (running.find()) {
      assertTrue(
          Integer.parseInt(running.group(1)) <= 2,
          "at most one trial per task slot runs at a time: " + running.group());
    }
  }

  @Test
  void aSecondRunOnTheSameOutputRefusesAndTheFirstFinishes(@TempDir Path out) throws Exception {
    System.setProperty("engram.test.trialMillis", "1500");
    Experiment e =
        exp("run.runner = " + SlowTrials.class.getName() + "\ngrid { seed = [1, 2, 3, 4] }\n");
    CompletableFuture<RunReport> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return run(e, out, false);
              } catch (Exception x) {
                throw new IllegalStateException(x);
              }
            });
    Path lock = out.resolve("_lock");
    long deadline = System.currentTimeMillis() + 60_000;
    while (!Files.exists(lock) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(lock), "the first run holds a lock");
    OutputLock.HeldException refused =
        assertThrows(OutputLock.HeldException.class, () -> run(e, out, false));
    assertTrue(refused.getMessage().contains("is in use by run"), refused.getMessage());
    assertTrue(
        refused.getMessage().contains("delete " + lock.toUri().getPath().replaceAll("/$", ""))
            || refused.getMessage().contains(lock.toString()),
        refused.getMessage());

    RunReport r = first.get(3, TimeUnit.MINUTES);
    assertEquals(4, r.count("OK"));
    assertEquals(4, rows(out, "SELECT DISTINCT trial_id FROM trials").size());
    assertEquals(4, rows(out, "SELECT * FROM trials").size());
    assertFalse(Files.exists(lock), "released");
    try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
      assertEquals(
          1,
          runs.filter(p -> !p.getFileName().toString().startsWith(".")).count(),
          "only the first run left a manifest");
    }
  }

  @Test
  void aLockLeftByADeadDriverIsTakenOverAndAForeignOneIsNot(@TempDir Path out) throws Exception {
    Experiment e =
        exp("run.runner = " + SyntheticTrials.class.getName() + "\ngrid { seed = [1] }\n");
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor(10, TimeUnit.SECONDS);
    Path lock = Files.createDirectories(out).resolve("_lock");
    Files.writeString(lock, "run_id=killed\npid=" + gone.pid() + "\nhost=" + Workers.host() + "\n");
    assertEquals(1, run(e, out, false).count("OK"));
    assertFalse(Files.exists(lock));

    Files.writeString(lock, "run_id=elsewhere\npid=1\nhost=some-other-host\n");
    OutputLock.HeldException refused =
        assertThrows(OutputLock.HeldException.class, () -> run(e, out, true));
    assertTrue(
        refused.getMessage().contains("run elsewhere (pid 1 on some-other-host"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("if that run is dead delete"), refused.getMessage());
    assertTrue(Files.exists(lock), "a lock that cannot be checked is left alone");
  }

  private static List<Path> listing(Path d) throws Exception {
    try (Stream<Path> s = Files.walk(d)) {
      return s.sorted().toList();
    }
  }
}
