package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks of several trials in {@code local[2]} ({@code run.scheduling = tasks}): the guided sizes,
 * and progress that counts a task's trials as they finish, from its executor's heartbeats (every
 * 300 ms here); and the queue's progress, trial by trial.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BatchedRunTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        TestSessions.loopback("local[2]", "engram-batched-test")
            .config("spark.executor.heartbeatInterval", "300ms")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
    System.clearProperty("engram.test.trialMillis");
  }

  private static String run(String hocon, Path out) throws Exception {
    TestRuns.Logged run =
        TestRuns.run(
            spark,
            ConfigLoader.loadString("run.name = batched\n" + LocalRunTest.TINY + hocon, "b.conf"),
            out,
            false,
            List.of("run"));
    RunReport r = run.report();
    assertEquals(r.outcomes().size(), r.count("OK") + r.count("FAILED"), run.log());
    return run.log();
  }

  private static List<Row> rows(Path out, String sql) {
    return TestRuns.rows(spark, out, sql);
  }

  @Test
  void tasksAutoCutsTheGridIntoGuidedTasksAndCommitsEveryTrialOnce(@TempDir Path out)
      throws Exception {
    String log =
        run(
            "run.scheduling = tasks\nrun.runner = "
                + SyntheticTrials.class.getName()
                + "\ngrid { seed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14] }\n",
            out);
    // local[2]: 2 slots; 14 trials in tasks of 6, 3, 2, 1, 1, 1 (see TrialBatch.guided).
    assertTrue(log.contains("run.trialsPerTask = auto: 6 tasks for 2 slots, of 6 trials"), log);
    assertTrue(log.contains("14/14 trials done (1 failed)"), log); // seed 13 fails
    assertEquals(14, rows(out, "SELECT * FROM trials").size(), "one row per trial");
    assertEquals(14, rows(out, "SELECT DISTINCT trial_id FROM trials").size());
  }

  @Test
  void slotsAreTheSessionsCoresOverTheCoresOfATrial() {
    RunDriver driver = new RunDriver(spark);
    assertEquals(2, driver.slots(1));
    assertEquals(1, driver.slots(2));
    assertEquals(1, driver.slots(4), "a trial larger than the session still gets a slot");
  }

  @Test
  void progressCountsATasksTrialsBeforeTheTaskEnds(@TempDir Path out) throws Exception {
    System.setProperty("engram.test.trialMillis", "1500");
    // One task of three trials: its end reports all three at once, so "1/3" and "2/3" can come
    // only from heartbeats.
    String log =
        run(
            "run.runner = "
                + SlowTrials.class.getName()
                + "\nrun.scheduling = tasks\nrun.trialsPerTask = 3\ngrid { seed = [1, 2, 3] }\n",
            out);
    assertTrue(log.contains("1/3 trials done (0 failed), 1 running"), log);
    assertTrue(log.contains("2/3 trials done (0 failed), 1 running"), log);
    assertTrue(log.contains("3/3 trials done (0 failed), 0 running"), log);
    assertEquals(3, rows(out, "SELECT * FROM trials WHERE status = 'OK'").size());
  }

  @Test
  void theQueueReportsEachTrialAsItIsCommitted(@TempDir Path out) throws Exception {
    System.setProperty("engram.test.trialMillis", "1500");
    // The default scheduling: two workers lease the five trials one at a time; each commit
    // reaches the driver with the worker's next request, not at a task's end.
    String log =
        run(
            "run.runner = " + SlowTrials.class.getName() + "\ngrid { seed = [1, 2, 3, 4, 5] }\n",
            out);
    assertTrue(log.contains("run.scheduling = queue: 2 workers leasing 5 trials"), log);
    for (int done = 1; done <= 5; done++) {
      assertTrue(log.contains(done + "/5 trials done (0 failed)"), log);
    }
    assertEquals(5, rows(out, "SELECT DISTINCT trial_id FROM trials WHERE status = 'OK'").size());
    assertEquals(
        0, rows(out, "SELECT * FROM trials WHERE task_attempt > 0").size(), "no trial retried");
    assertTrue(log.contains("(0 failed), 2 running"), "both workers ran at once: " + log);
  }
}
