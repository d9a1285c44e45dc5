package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.config.ConfigLoader;
import org.engram.driver.config.Experiment;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TableReader;
import org.engram.driver.sink.Tables;
import org.engram.model.KernelThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in {@code local[2]}: grid to Parquet, read back with Spark SQL; resume, grid
 * extension, failures (a spec the worker rejects, an injected one) and {@code --retry-failed}. Tiny
 * real trials (worker-lib's TrialRunner); {@link SyntheticTrials} where a failure is injected.
 */
class LocalRunTest {
  private static SparkSession spark;

  /** Tiny real trials: worker-lib's TrialRunner, a few meta-steps of a 4-neuron network. */
  static final String TINY =
      "network { hidden = 4, activationSize = 2, synapseSize = 2, embeddingSize = 2,"
          + " activationHidden = 4, synapseHidden = 4 }\n"
          + "task { patternSize = 4, valueSize = 4, windowsPerLifetime = 3 }\n"
          + "train { steps = 6, batch = 2, curveEvery = 3, checkpointEvery = 3 }\n"
          + "eval { difficulties = [1, 2], lifetimes = 2, burnInWindows = 1 }\n";

  private static final String BASE = "run.name = local-test\n" + TINY;

  /** The same with the fast stand-in trainer whose seed 13 fails. */
  private static final String SYNTHETIC =
      BASE + "run.runner = " + SyntheticTrials.class.getName() + "\n";

  @BeforeAll
  static void start() {
    spark = TestSessions.loopback("local[2]", "engram-local-test").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private RunReport run(String hocon, Path out, boolean retryFailed) throws Exception {
    return runConf(BASE + hocon, out, retryFailed);
  }

  private RunReport runConf(String conf, Path out, boolean retryFailed) throws Exception {
    Experiment exp = ConfigLoader.loadString(conf, "test.conf");
    return TestRuns.run(spark, exp, out, retryFailed, List.of("run", "test.conf")).report();
  }

  private long count(Path out, String sql) {
    new TableReader(spark, OutputLayout.of(out.toString())).registerViews();
    return spark.sql(sql).count();
  }

  @Test
  void gridToParquetAndBack(@TempDir Path out) throws Exception {
    RunReport r =
        run("grid { network.type = [plastic, frozen-synapses], seed = [1, 2] }", out, false);
    assertEquals(4, r.gridTrials());
    assertEquals(4, r.computed());
    assertEquals(4, r.count("OK"));

    new TableReader(spark, OutputLayout.of(out.toString())).registerViews();
    assertEquals(4, spark.sql("SELECT * FROM trials").count());
    assertEquals(4 * 2, spark.sql("SELECT * FROM evals").count());
    assertEquals(
        0, spark.sql("SELECT * FROM evals WHERE bit_accuracy < 0 OR bit_accuracy > 1").count());
    // Two curve points (meta-steps 3 and 6) of every metric the trainer records, per trial.
    assertEquals(
        List.of(3, 6),
        spark
            .sql("SELECT DISTINCT meta_step FROM curves ORDER BY meta_step")
            .collectAsList()
            .stream()
            .map(x -> x.getInt(0))
            .toList());
    assertTrue(spark.sql("SELECT * FROM curves WHERE metric = 'loss'").count() == 8);
    Row t =
        spark
            .sql("SELECT * FROM trials WHERE network_type = 'frozen-synapses' AND seed = 2")
            .first();
    assertEquals("OK", t.getAs("status"));
    assertEquals(6, (int) t.getAs("train_steps"));
    assertEquals(6, (int) t.getAs("meta_steps_done"));
    assertTrue(((String) t.getAs("rule_json")).startsWith("{"));
    assertTrue((double) t.getAs("wall_seconds") > 0);
    assertEquals(0, (int) t.getAs("task_recall_steps"));
    assertEquals(List.of(1, 2), t.getList(t.fieldIndex("eval_difficulties")));
    assertEquals("engram-model-v1", t.getAs("code_version"));
    assertTrue(((String) t.getAs("executor_id")).startsWith("driver/"));
    assertEquals(r.runId(), t.getAs("run_id"));
    // The schema the files have is the one the tables declare.
    assertEquals(
        Set.of(Tables.trials().sparkSchema().fieldNames()),
        Set.of(spark.read().parquet(out.resolve("trials").toString()).schema().fieldNames()));
    assertEquals(
        4,
        spark.sql("SELECT trial_id, capacity_k90 FROM evals GROUP BY 1, 2").count(),
        "one capacity per trial");
    assertEquals(
        0, spark.sql("SELECT * FROM evals WHERE neurons < 1 OR synapses < neurons").count());
    // One rules row per trained rule: a 9 x 9 response grid, recall probes in [0, 1]; frozen
    // synapses do not respond, so they have no Hebbian score.
    assertEquals(4, spark.sql("SELECT * FROM rules").count());
    assertEquals(
        4,
        spark
            .sql(
                "SELECT * FROM rules WHERE size(grid_values) = 9 AND size(delta_w0) = 81"
                    + " AND recall_intact BETWEEN 0 AND 1"
                    + " AND recall_reset_activations BETWEEN 0 AND 1"
                    + " AND recall_reset_synapses BETWEEN 0 AND 1")
            .count());
    assertEquals(
        2,
        spark
            .sql(
                "SELECT * FROM rules WHERE network_type = 'frozen-synapses'"
                    + " AND hebbian_score IS NULL AND decay = 0")
            .count());
    assertEquals(
        Set.of(Tables.rules().sparkSchema().fieldNames()),
        Set.of(spark.read().parquet(out.resolve("rules").toString()).schema().fieldNames()));
    // One manifest, finished, nothing left in staging.
    try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
      String manifest =
          Files.readString(
              runs.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow());
      assertTrue(manifest.contains("\"state\" : \"finished\""), manifest);
      assertTrue(manifest.contains("\"OK\" : 4"), manifest);
    }
    try (Stream<Path> staging = Files.list(out.resolve("_staging"))) {
      assertEquals(0, staging.filter(p -> !p.getFileName().toString().startsWith(".")).count());
    }
  }

  @Test
  void shortTrialsSaveNoCheckpointUnlessTheRunAsksForEveryOne(@TempDir Path dir) throws Exception {
    Path markers = dir.resolve("markers");
    System.setProperty("engram.test.markers", markers.toString());
    System.setProperty("engram.test.pauseMillis", "0");
    try {
      String marking = "run.runner = " + CheckpointMarkers.class.getName() + "\n";
      String grid = "grid { seed = [1, 2] }";
      // train.checkpointEvery = 3 of 6 steps: one checkpoint due per trial, at step 3.
      runConf(BASE + marking + grid, dir.resolve("default"), false);
      assertEquals(0, saves(markers), "trials far shorter than the default 10 s saved none");
      runConf(
          BASE + marking + "run.minCheckpointSeconds = 0\n" + grid, dir.resolve("every"), false);
      assertEquals(2, saves(markers), "one save per trial at step 3");
    } finally {
      System.clearProperty("engram.test.markers");
      System.clearProperty("engram.test.pauseMillis");
    }
  }

  /** The checkpoint saves {@link CheckpointMarkers} recorded, one marker each. */
  private static long saves(Path markers) throws java.io.IOException {
    if (!Files.isDirectory(markers)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(markers)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
    }
  }

  @Test
  void twoCoresPerTrialRunTheSynapseKernelOnTwoThreads(@TempDir Path out) throws Exception {
    // The same trial with one and with two cores: the kernel's rows are split between two threads
    // in the second, which changes the gradients' rounding only.
    int before = KernelThreads.get();
    try {
      Path one = out.resolve("one");
      Path two = out.resolve("two");
      assertEquals(1, run("grid { seed = [4] }", one, false).count("OK"));
      assertEquals(1, KernelThreads.get());
      assertEquals(1, run("run.coresPerTrial = 2\ngrid { seed = [4] }", two, false).count("OK"));
      assertEquals(2, KernelThreads.get(), "the trial's task set the kernel's threads");
      double lossOne = finalLoss(one);
      double lossTwo = finalLoss(two);
      assertEquals(
          1, count(two, "SELECT * FROM trials WHERE nd4j_backend LIKE '%kernel % on 2 threads'"));
      assertEquals(0, count(one, "SELECT * FROM trials WHERE nd4j_backend LIKE '%threads%'"));
      assertEquals(lossOne, lossTwo, 1e-4 * Math.abs(lossOne), "the same training, up to rounding");
    } finally {
      KernelThreads.set(before);
    }
  }

  private double finalLoss(Path out) {
    new TableReader(spark, OutputLayout.of(out.toString())).registerViews();
    return spark
        .sql("SELECT value FROM curves WHERE metric = 'loss' ORDER BY meta_step DESC LIMIT 1")
        .first()
        .getDouble(0);
  }

  @Test
  void resumeRunsNothingAndExtensionRunsOnlyTheNewPoints(@TempDir Path out) throws Exception {
    RunReport first = run("grid { task.snippets = [1, 2], seed = [1, 2] }", out, false);
    assertEquals(4, first.computed());
    RunReport again = run("grid { task.snippets = [1, 2], seed = [1, 2] }", out, false);
    assertEquals(0, again.computed());
    assertEquals(4, again.skippedOk());
    RunReport extended = run("grid { task.snippets = [1, 2, 3], seed = [1, 2, 3] }", out, false);
    assertEquals(9, extended.gridTrials());
    assertEquals(5, extended.computed());
    assertEquals(4, extended.skippedOk());
    assertEquals(9, count(out, "SELECT DISTINCT trial_id FROM trials"));
    assertEquals(9, count(out, "SELECT * FROM trials"));
    assertEquals(18, count(out, "SELECT * FROM evals"));
    // Rows of the first run are untouched: their run_id is still the first run's.
    assertEquals(4, count(out, "SELECT * FROM trials WHERE run_id = '" + first.runId() + "'"));
  }

  @Test
  void anInjectedFailureIsAFailedRowKeptUntilRetried(@TempDir Path out) throws Exception {
    RunReport r = runConf(SYNTHETIC + "grid { seed = [1, 13, 2] }", out, false);
    assertEquals(3, r.computed());
    assertEquals(2, r.count("OK"));
    assertEquals(1, r.count("FAILED"));
    new TableReader(spark, OutputLayout.of(out.toString())).registerViews();
    Row failed = spark.sql("SELECT * FROM trials WHERE status = 'FAILED'").first();
    assertEquals(13L, (long) failed.getAs("seed"));
    assertTrue(((String) failed.getAs("error")).contains("injected failure"), failed.toString());
    assertEquals(0, spark.sql("SELECT * FROM evals WHERE seed = 13").count());
    assertEquals(4, spark.sql("SELECT * FROM evals").count());

    // Not retried by default; --retry-failed reruns it and replaces its row.
    RunReport again = runConf(SYNTHETIC + "grid { seed = [1, 13, 2] }", out, false);
    assertEquals(0, again.computed());
    assertEquals(1, again.skippedFailed());
    RunReport retry = runConf(SYNTHETIC + "grid { seed = [1, 13, 2] }", out, true);
    assertEquals(1, retry.computed());
    assertEquals(1, retry.count("FAILED"));
    new TableReader(spark, OutputLayout.of(out.toString())).registerViews();
    List<Row> rows = spark.sql("SELECT run_id FROM trials WHERE seed = 13").collectAsList();
    assertEquals(1, rows.size());
    assertEquals(retry.runId(), rows.get(0).getString(0));
  }

  @Test
  void readersNeverSeeUncommittedTrials(@TempDir Path out) throws Exception {
    run("grid { seed = [1, 2] }", out, false);
    // A commit cut short after evals and curves, before trials: remove one trials file.
    try (Stream<Path> files = Files.list(out.resolve("trials"))) {
      Path victim = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
      Files.delete(victim);
    }
    new TableReader(spark, OutputLayout.of(out.toString())).registerViews();
    assertEquals(1, spark.sql("SELECT * FROM trials").count());
    assertEquals(2, spark.sql("SELECT * FROM evals").count());
    assertEquals(
        Set.of(spark.sql("SELECT trial_id FROM trials").first().getString(0)),
        spark.sql("SELECT DISTINCT trial_id FROM curves").collectAsList().stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toSet()));
    // And the next run recomputes exactly that trial.
    RunReport again = run("grid { seed = [1, 2] }", out, false);
    assertEquals(1, again.computed());
    assertFalse(again.outcomes().get(0).reused());
  }
}
