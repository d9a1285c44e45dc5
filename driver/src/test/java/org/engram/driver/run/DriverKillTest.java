package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.cli.Main;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TableReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver is SIGKILLed half way through a grid (a child JVM running {@code Main run}); the same
 * command again runs only the missing trials. All along, a Spark SQL reader polls the tables and
 * never sees a trial twice or a trial without all its evals and curve rows.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DriverKillTest {
  private static final int TRIALS = 8;

  /** SyntheticTrials' rows per trial under LocalRunTest.TINY: difficulties [1, 2]; steps 1, 4. */
  private static final int EVALS = 2;

  private static final int CURVE_ROWS = 4;

  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killChildren() {
    children.forEach(ChildJvm::killTree);
  }

  @Test
  void aKilledDriverLosesNothingAndTheRerunCompletesOnlyTheMissingTrials(@TempDir Path dir)
      throws Exception {
    Path conf = dir.resolve("kill.conf");
    Files.writeString(
        conf,
        "run { name = kill, runner = "
            + SlowTrials.class.getName()
            + " }\n"
            + LocalRunTest.TINY
            + "grid { seed = [1, 2, 3, 4, 5, 6, 7, 8] }\n");
    Path out = dir.resolve("out");
    List<String> command =
        List.of("run", conf.toString(), "--output", out.toString(), "--master", "local[2]");
    List<String> jvm = List.of("-Xmx768m", "-Dengram.test.trialMillis=1500");
    Path log = dir.resolve("driver.log");

    SparkSession reader = TestSessions.loopback("local[1]", "engram-reader").getOrCreate();
    AtomicBoolean reading = new AtomicBoolean(true);
    AtomicInteger polls = new AtomicInteger();
    List<String> violations = new ArrayList<>();
    CompletableFuture<Void> poller =
        CompletableFuture.runAsync(() -> poll(reader, out, reading, polls, violations));
    // The reader session must not outlive a failure either: later test classes in this JVM would
    // get it from getOrCreate() instead of a session of their own master.
    try {
      killAndRerun(reader, out, command, jvm, log, reading, poller, polls, violations);
    } finally {
      reader.stop();
    }
  }

  private void killAndRerun(
      SparkSession reader,
      Path out,
      List<String> command,
      List<String> jvm,
      Path log,
      AtomicBoolean reading,
      CompletableFuture<Void> poller,
      AtomicInteger polls,
      List<String> violations)
      throws Exception {
    try {
      Process first = ChildJvm.start(jvm, Main.class.getName(), command, Map.of(), log);
      children.add(first);
      awaitCommitted(out, 2, first);
      ChildJvm.killTree(first);
      assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      int committed = committedFiles(out);
      assertTrue(committed >= 2 && committed < TRIALS, "killed half way: " + committed);
      assertTrue(Files.exists(out.resolve("_lock")), "the killed driver's lock is left behind");

      Process second = ChildJvm.start(jvm, Main.class.getName(), command, Map.of(), log);
      children.add(second);
      assertTrue(second.waitFor(3, TimeUnit.MINUTES), "the rerun finished");
      String text = Files.readString(log);
      assertEquals(0, second.exitValue(), text);
      Matcher m = Pattern.compile("(\\d+) already OK, 0 FAILED kept, (\\d+) to run").matcher(text);
      assertTrue(m.find(), text);
      assertTrue(m.find(), "the rerun's summary line: " + text);
      assertEquals(committed, Integer.parseInt(m.group(1)), text);
      assertEquals(TRIALS - committed, Integer.parseInt(m.group(2)), "only the missing trials");
    } finally {
      reading.set(false);
      poller.get(2, TimeUnit.MINUTES);
    }
    new TableReader(reader, OutputLayout.of(out.toString())).registerViews();
    assertEquals(TRIALS, reader.sql("SELECT DISTINCT trial_id FROM trials").count());
    assertEquals(TRIALS, reader.sql("SELECT * FROM trials WHERE status = 'OK'").count());
    assertEquals(TRIALS * EVALS, reader.sql("SELECT * FROM evals").count());
    assertTrue(
        reader.sql("SELECT DISTINCT run_id FROM trials").count() == 2,
        "rows of both runs, none rewritten");
    assertTrue(polls.get() >= 3, "the reader polled " + polls.get() + " times");
    assertEquals(List.of(), violations);
  }

  /** Until stopped: every view of the tables has each trial once, with all of its rows. */
  private static void poll(
      SparkSession spark,
      Path out,
      AtomicBoolean reading,
      AtomicInteger polls,
      List<String> violations) {
    while (reading.get()) {
      if (Files.isDirectory(out.resolve("trials"))) {
        new TableReader(spark, OutputLayout.of(out.toString())).registerViews();
        // Joins, not correlated subqueries: the reader shares two cores with the drivers.
        for (Row r :
            spark
                .sql(
                    "SELECT t.trial_id, t.copies, coalesce(e.n, 0), coalesce(c.n, 0) FROM"
                        + " (SELECT trial_id, count(*) AS copies FROM trials GROUP BY 1) t"
                        + " LEFT JOIN (SELECT trial_id, count(*) AS n FROM evals GROUP BY 1) e"
                        + " USING (trial_id)"
                        + " LEFT JOIN (SELECT trial_id, count(*) AS n FROM curves GROUP BY 1) c"
                        + " USING (trial_id)")
                .collectAsList()) {
          if (r.getLong(1) != 1 || r.getLong(2) != EVALS || r.getLong(3) != CURVE_ROWS) {
            violations.add("poll " + polls.get() + ": " + r);
          }
        }
        long orphans =
            spark
                .sql(
                    "SELECT trial_id FROM evals UNION ALL SELECT trial_id FROM curves"
                        + " EXCEPT SELECT trial_id FROM trials")
                .count();
        if (orphans > 0) {
          violations.add("poll " + polls.get() + ": rows of uncommitted trials are visible");
        }
        polls.incrementAndGet();
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void awaitCommitted(Path out, int n, Process driver) throws Exception {
    long deadline = System.currentTimeMillis() + 240_000; // a loaded 2-core CI machine
    while (committedFiles(out) < n) {
      assertTrue(driver.isAlive(), "the driver died on its own");
      assertTrue(System.currentTimeMillis() < deadline, "no trial committed in time");
      Thread.sleep(50);
    }
  }

  private static int committedFiles(Path out) throws Exception {
    Path trials = out.resolve("trials");
    if (!Files.isDirectory(trials)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(trials)) {
      return (int) s.filter(p -> p.getFileName().toString().matches("[0-9a-f]+\\.parquet")).count();
    }
  }
}
