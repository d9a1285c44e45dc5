package org.engram.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.engram.driver.cli.SparkBenchCommand.Measurement;
import org.engram.driver.cli.SparkBenchCommand.RunKind;
import org.engram.driver.cli.SparkBenchCommand.SparkBreakdown;
import org.engram.driver.cli.SparkBenchCommand.TaskTiming;
import org.engram.driver.cli.SparkBenchCommand.TrialTiming;
import org.junit.jupiter.api.Test;

/** bench-spark's arithmetic: where executor time goes, from the trials' start and end times. */
class SparkBenchMeasurementTest {
  private static final double EPS = 1e-9;

  /**
   * Session starts at 0 and the run returns at 10,000 ms. Executor a: trials [2000,4000],
   * [4100,6100], [6300,8300] (listed out of order); executor b: [3000,5000], [5050,7050].
   */
  private static Measurement twoExecutors() {
    return Measurement.of(
        2,
        0,
        10_000,
        List.of(
            new TrialTiming("a", 4100, 6100),
            new TrialTiming("b", 3000, 5000),
            new TrialTiming("a", 2000, 4000),
            new TrialTiming("b", 5050, 7050),
            new TrialTiming("a", 6300, 8300)));
  }

  @Test
  void splitsExecutorTimeIntoStartUpTrialsGapsAndTails() {
    Measurement m = twoExecutors();
    assertEquals(5, m.trials());
    assertEquals(10.0, m.wallSeconds(), EPS);
    assertEquals(10.0, m.trialSeconds(), EPS);
    assertEquals(2.0, m.meanTrialSeconds(), EPS);
    // start-ups 2.0 + 3.0; gaps 0.1, 0.2 (a) and 0.05 (b); tails 1.7 (a) and 2.95 (b)
    assertEquals(5.0, m.startupSeconds(), EPS);
    assertEquals(2.5, m.meanStartupSeconds(), EPS);
    assertEquals(3, m.gaps());
    assertEquals(0.35, m.gapSeconds(), EPS);
    assertEquals(0.35 / 3, m.meanGapSeconds(), EPS);
    assertEquals(0.1, m.medianGapSeconds(), EPS);
    assertEquals(0.35 / 3 / 2.0, m.gapShare(), EPS);
    assertEquals(4.65, m.tailSeconds(), EPS);
    assertEquals(2.0, m.firstStartSeconds(), EPS);
    assertEquals(1.7, m.lastTailSeconds(), EPS);
    assertEquals(2, m.busyExecutors());
    assertEquals(5 / 10.0 * 3600, m.trialsPerHour(), EPS);
  }

  @Test
  void theOverheadIsTheSumOfItsParts() {
    Measurement m = twoExecutors();
    // 2 executors x 10 s = 10 s of trials + 10 s outside them
    assertEquals(1.0, m.overhead(), EPS);
    double parts = m.startupSeconds() + m.gapSeconds() + m.tailSeconds() + m.idleSeconds();
    assertEquals(m.overhead() * m.trialSeconds(), parts, EPS);
  }

  @Test
  void anExecutorThatRanNothingIsIdleForTheWholeRun() {
    Measurement m =
        Measurement.of(
            3,
            1000,
            5000,
            List.of(new TrialTiming("a", 2000, 3000), new TrialTiming("a", 3000, 4000)));
    assertEquals(1, m.busyExecutors());
    assertEquals(1, m.gaps());
    assertEquals(0.0, m.meanGapSeconds(), EPS);
    assertEquals(8.0, m.idleSeconds(), EPS);
    // 3 x 4 s of executor time, 2 s of it in trials
    assertEquals(5.0, m.overhead(), EPS);
    assertEquals(
        m.overhead() * m.trialSeconds(),
        m.startupSeconds() + m.gapSeconds() + m.tailSeconds() + m.idleSeconds(),
        EPS);
  }

  @Test
  void oneTrialPerExecutorHasNoGaps() {
    Measurement m = Measurement.of(1, 0, 3000, List.of(new TrialTiming("a", 1000, 2500)));
    assertEquals(0, m.gaps());
    assertEquals(0.0, m.medianGapSeconds(), EPS);
    assertEquals(0.0, m.gapShare(), EPS);
    assertEquals(1.0, m.startupSeconds(), EPS);
    assertEquals(0.5, m.tailSeconds(), EPS);
  }

  @Test
  void theMedianGapOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    Measurement m =
        Measurement.of(
            1,
            0,
            10_000,
            List.of(
                new TrialTiming("a", 0, 1000),
                new TrialTiming("a", 1010, 2000),
                new TrialTiming("a", 2030, 3000),
                new TrialTiming("a", 3500, 4000),
                new TrialTiming("a", 4020, 5000)));
    // gaps 10, 30, 500, 20 ms
    assertEquals(0.025, m.medianGapSeconds(), EPS);
    assertEquals(0.14, m.meanGapSeconds(), EPS);
  }

  @Test
  void anExecutorOfTwoCoresIsMeasuredAsTwoTaskSlots() {
    // one executor, two slots: [0,1000] then [1010,2000] on one, [5,1500] then [1530,2500] on the
    // other; a third trial [2010,3000] follows the first slot's (free since 2000) best
    List<TrialTiming> trials =
        List.of(
            new TrialTiming("e", 1530, 2500),
            new TrialTiming("e", 0, 1000),
            new TrialTiming("e", 5, 1500),
            new TrialTiming("e", 1010, 2000),
            new TrialTiming("e", 2010, 3000));
    List<TrialTiming> slots = SparkBenchCommand.slots(trials, 2);
    assertEquals(2, slots.stream().map(TrialTiming::executor).distinct().count());
    Measurement m = Measurement.of(2, 0, 3000, slots);
    assertEquals(2, m.busyExecutors());
    assertEquals(3, m.gaps());
    // gaps 10 and 10 on the first slot, 30 on the second
    assertEquals(0.050, m.gapSeconds(), EPS);
    assertEquals(0.010, m.medianGapSeconds(), EPS);
    assertEquals(trials, SparkBenchCommand.slots(trials, 1));
  }

  @Test
  void sparkTasksSplitIntoSlotsTheSameWay() {
    List<TaskTiming> tasks =
        List.of(
            new TaskTiming("0", 0, 1000, 1, 990, 990),
            new TaskTiming("0", 10, 1500, 1, 1480, 1480),
            new TaskTiming("0", 1004, 2000, 1, 990, 990),
            new TaskTiming("0", 1502, 2600, 1, 1090, 1090));
    SparkBreakdown b = SparkBenchCommand.breakdown(SparkBenchCommand.taskSlots(tasks, 2), 1.0, 4);
    assertEquals(0.003, b.scheduleSeconds(), EPS);
  }

  @Test
  void noTrialsIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> Measurement.of(1, 0, 1, List.of()));
  }

  @Test
  void sparkBreakdownPairsEachTaskWithTheNextOnItsExecutor() {
    // executor 0: launched 0, result at 2100; next launched 2110 (10 ms later), result at 4200.
    // executor 1: launched 5, result 2150; next launched 2180 (30 ms later), result 4300.
    List<TaskTiming> tasks =
        List.of(
            new TaskTiming("0", 2110, 4200, 4, 2060, 2064),
            new TaskTiming("1", 5, 2150, 20, 2080, 1050),
            new TaskTiming("0", 0, 2100, 30, 2050, 2080),
            new TaskTiming("1", 2180, 4300, 6, 2090, 1048));
    SparkBreakdown b = SparkBenchCommand.breakdown(tasks, 2.0, tasks.size());
    assertEquals(0.020, b.scheduleSeconds(), EPS);
    assertEquals(0.015, b.deserializeSeconds(), EPS);
    assertEquals(0.013, b.medianDeserializeSeconds(), EPS); // of 4, 6, 20, 30 ms
    assertEquals(0.070, b.outsideTrialSeconds(), EPS);
    // executor 0's threads ran throughout, executor 1's half the time
    assertEquals(6242.0 / 8340, b.taskCpuShare(), EPS);
    assertEquals(1.0, b.trialsPerTask(), EPS);
  }

  @Test
  void tasksOfSeveralTrialsCountTheirTimeOutsideTrialsPerTrial() {
    // Two tasks of 3 trials of 1 s each: 3020 and 3040 ms run, so 60 ms outside 6 trials.
    List<TaskTiming> tasks =
        List.of(
            new TaskTiming("0", 0, 3050, 8, 3020, 3000),
            new TaskTiming("0", 3060, 6120, 4, 3040, 3000));
    SparkBreakdown b = SparkBenchCommand.breakdown(tasks, 1.0, 6);
    assertEquals(0.010, b.scheduleSeconds(), EPS);
    assertEquals(0.006, b.deserializeSeconds(), EPS);
    assertEquals(0.010, b.outsideTrialSeconds(), EPS);
    assertEquals(3.0, b.trialsPerTask(), EPS);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SparkBenchCommand.print(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), 1, twoExecutors(), b);
    assertTrue(
        bytes.toString(StandardCharsets.UTF_8).contains("Spark with 3.0 trials per task"),
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRunIsWarmOnceEachExecutorHasRunOneGridsTrialsBeforeIt() {
    assertEquals(RunKind.COLD, RunKind.of(1, 1));
    assertEquals(RunKind.COLD, RunKind.of(1, 2));
    assertEquals(RunKind.WARM, RunKind.of(2, 1));
    // Two executors split each grid: after the cold run each has run half of one.
    assertEquals(RunKind.WARMING, RunKind.of(2, 2));
    assertEquals(RunKind.WARM, RunKind.of(3, 2));
    assertEquals(RunKind.WARMING, RunKind.of(3, 3));
    assertEquals(RunKind.WARM, RunKind.of(4, 3));
    assertThrows(IllegalArgumentException.class, () -> RunKind.of(0, 1));
    assertThrows(IllegalArgumentException.class, () -> RunKind.of(1, 0));
  }

  @Test
  void speedUpsCompareColdRunsAndEquallyWarmRunsTakenTogether() {
    Measurement slow = twoExecutors(); // 5 trials in 10 s: 1800 an hour
    Measurement fast =
        Measurement.of(
            1, 0, 4_000, List.of(new TrialTiming("a", 0, 1000), new TrialTiming("a", 1000, 2000)));
    // One executor: cold 1800 an hour; warm 1 + 1 trials in 5 + 5 s, 720 an hour.
    List<Measurement> one = List.of(slow, oneTrialIn(5_000), oneTrialIn(5_000));
    // Two: cold 1800; the warming run (1 trial in 1 s) is left out; warm 5 + 2 trials in 10 +
    // 4 s, 1800 an hour.
    List<Measurement> two = List.of(fast, oneTrialIn(1_000), slow, fast);
    assertEquals(
        "cold 1.00x trials/h; warm 2.50x (2 and 2 warm runs, each executor having run at least one"
            + " grid's trials before them)",
        SparkBenchCommand.speedUp(one, two, 1, 2));
    assertEquals(720, SparkBenchCommand.trialsPerHour(SparkBenchCommand.warmRuns(one, 1)), EPS);
    assertEquals(List.of(slow, fast), SparkBenchCommand.warmRuns(two, 2));
    // Without a warm run of both (one run each, or two executors' second run only warming):
    assertEquals(
        "cold 0.40x trials/h; warm: not measured (needs --warm)",
        SparkBenchCommand.speedUp(List.of(fast), List.of(oneTrialIn(5_000)), 1, 2));
    assertTrue(
        SparkBenchCommand.speedUp(List.of(slow, fast), List.of(slow, fast), 1, 2)
            .endsWith("warm: not measured (needs --warm)"));
    assertThrows(
        IllegalArgumentException.class, () -> SparkBenchCommand.speedUp(List.of(), one, 1, 1));
  }

  @Test
  void roundsEndWithTheMedianGapsAndSpeedUpsAndEachRoundsFigure() {
    // Each session: E = 1 a cold run and two warm ones; E = 2 a cold run, a warming one (left
    // out, so made wild) and two warm ones.
    List<List<List<Measurement>>> rounds =
        List.of(
            round(grid(1, 1000, 100), grid(1, 500, 10), grid(2, 1000, 100), grid(2, 500, 10)),
            round(grid(1, 1000, 0), grid(1, 500, 20), grid(2, 1000, 1000), grid(2, 1000, 20)),
            round(grid(1, 1000, 50), grid(1, 500, 40), grid(2, 500, 50), grid(2, 500, 40)));
    assertEquals(
        List.of(
            "per-trial gap, 1 executor, median of 3 rounds: cold 5.0% (10.0%, 0.0%, 5.0%);"
                + " warm 4.0% (2.0%, 4.0%, 8.0%)",
            "per-trial gap, 2 executors, median of 3 rounds: cold 10.0% (10.0%, 100.0%, 10.0%);"
                + " warm 2.0% (2.0%, 2.0%, 8.0%)",
            // Cold: 2 trials in 1.1 s against 4 in 1.1; 2 in 1.0 against 4 in 3.0; 2 in 1.05
            // against 4 in 1.05 (the two-executor trials half as long). Warm: the same pairs.
            "speed-up 2 executors over 1, median of 3 rounds: cold 2.00x (2.00x, 1.33x, 3.90x);"
                + " warm 2.00x (2.00x, 1.01x, 2.00x)"),
        SparkBenchCommand.roundsSummary(rounds, List.of(1, 2)));
    // Without warm runs (one run per session) the warm figures say so.
    List<String> coldOnly =
        SparkBenchCommand.roundsSummary(
            List.of(
                List.of(List.of(grid(1, 1000, 0)), List.of(grid(2, 1000, 0))),
                List.of(List.of(grid(1, 1000, 0)), List.of(grid(2, 1000, 0)))),
            List.of(1, 2));
    assertTrue(coldOnly.get(2).endsWith("warm not measured (needs --warm)"), coldOnly.get(2));
  }

  @Test
  void roundsGiveTheGapWithTheCommitsCpuWhereProcGaveIt() {
    // grid(E, trialMillis, gapMillis): 2 trials per executor, so 1 gap per executor. One executor:
    // a 100 ms gap of 1,000 ms trials (10%) plus 40 ms of commits over 2,000 ms of trials (2%).
    List<List<List<Measurement>>> rounds =
        List.of(
            round(
                grid(1, 1000, 100).withCommitCpuSeconds(0.04),
                grid(1, 1000, 0).withCommitCpuSeconds(0.02),
                grid(2, 1000, 100).withCommitCpuSeconds(0.0),
                grid(2, 1000, 0).withCommitCpuSeconds(0.08)));
    List<String> lines = SparkBenchCommand.roundsSummary(rounds, List.of(1, 2));
    assertEquals(
        "per-trial gap with the commits' CPU, 1 executor, median of 1 rounds: cold 12.0% (12.0%);"
            + " warm 1.0% (1.0%)",
        lines.get(2));
    // Two executors: 4 trials of 1,000 ms; warm 80 ms of commits over 4,000 ms (2%), no gaps.
    assertEquals(
        "per-trial gap with the commits' CPU, 2 executors, median of 1 rounds: cold 10.0% (10.0%);"
            + " warm 2.0% (2.0%)",
        lines.get(3));
    // Where /proc gave nothing (NaN), no such line.
    assertEquals(
        3,
        SparkBenchCommand.roundsSummary(
                List.of(List.of(List.of(grid(1, 1000, 0)), List.of(grid(2, 1000, 0)))),
                List.of(1, 2))
            .size());
  }

  @Test
  void roundsGiveTheTaskThreadsCpuPerTrialWhereProcGaveIt() {
    // One executor: 2 trials a run, cold 2.0 then 3.0 CPU-s, warm 1.0 then 1.2 (twice each);
    // two executors: 4 trials a run, cold 6.0 then 6.0, warm 2.4 then 4.0.
    List<List<List<Measurement>>> rounds =
        List.of(
            round(
                grid(1, 1000, 0).withTaskCpuSeconds(2.0),
                grid(1, 500, 0).withTaskCpuSeconds(1.0),
                grid(2, 1000, 0).withTaskCpuSeconds(6.0),
                grid(2, 500, 0).withTaskCpuSeconds(2.4)),
            round(
                grid(1, 1000, 0).withTaskCpuSeconds(3.0),
                grid(1, 500, 0).withTaskCpuSeconds(1.2),
                grid(2, 1000, 0).withTaskCpuSeconds(6.0),
                grid(2, 500, 0).withTaskCpuSeconds(4.0)));
    List<String> lines = SparkBenchCommand.roundsSummary(rounds, List.of(1, 2));
    assertEquals(5, lines.size(), String.join("\n", lines));
    assertEquals(
        "task threads' CPU per trial, 1 executor, median of 2 rounds: cold 1.250 s (1.000 s,"
            + " 1.500 s); warm 0.550 s (0.500 s, 0.600 s)",
        lines.get(2));
    assertEquals(
        "task threads' CPU per trial, 2 executors, median of 2 rounds: cold 1.500 s (1.500 s,"
            + " 1.500 s); warm 0.800 s (0.600 s, 1.000 s)",
        lines.get(3));
    assertTrue(lines.get(4).startsWith("speed-up 2 executors over 1"), lines.get(4));
    assertEquals(
        0.55,
        SparkBenchCommand.taskCpuPerTrial(
            List.of(
                grid(1, 500, 0).withTaskCpuSeconds(1.0), grid(1, 500, 0).withTaskCpuSeconds(1.2))),
        EPS);
  }

  @Test
  void theGapOfRunsTakenTogetherPoolsTheirGapsAndTrials() {
    // Gaps 10 and 100 ms (mean 55) over trials 2 x 500 and 2 x 1000 ms (mean 750).
    assertEquals(
        55.0 / 750, SparkBenchCommand.gapShare(List.of(grid(1, 500, 10), grid(1, 1000, 100))), EPS);
    assertEquals(0, SparkBenchCommand.gapShare(List.of(oneTrialIn(1_000))), EPS);
  }

  /** A round of {@code --warm} sessions of 1 and 2 executors, from their cold and warm runs. */
  private static List<List<Measurement>> round(
      Measurement oneCold, Measurement oneWarm, Measurement twoCold, Measurement twoWarm) {
    Measurement warming = grid(2, 100, 5_000);
    return List.of(List.of(oneCold, oneWarm, oneWarm), List.of(twoCold, warming, twoWarm, twoWarm));
  }

  /**
   * A run of two trials per executor, each {@code trialMillis} long, {@code gapMillis} apart,
   * starting with the session and ending the run.
   */
  private static Measurement grid(int executors, double trialMillis, double gapMillis) {
    List<TrialTiming> trials = new ArrayList<>();
    for (int x = 0; x < executors; x++) {
      trials.add(new TrialTiming("e" + x, 0, trialMillis));
      trials.add(new TrialTiming("e" + x, trialMillis + gapMillis, 2 * trialMillis + gapMillis));
    }
    return Measurement.of(executors, 0, 2 * trialMillis + gapMillis, trials);
  }

  @Test
  void aWarmRunsExecutorsRegisteredBeforeIt() {
    assertEquals("last executor registered 2.7 s", SparkBenchCommand.registered(12_700, 10_000));
    assertEquals(
        "executors registered before the run", SparkBenchCommand.registered(9_000, 10_000));
  }

  /** One trial of 1 s on one executor in a run of {@code wallMillis}. */
  private static Measurement oneTrialIn(long wallMillis) {
    return Measurement.of(1, 0, wallMillis, List.of(new TrialTiming("a", 0, 1000)));
  }

  @Test
  void printsEveryFigure() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    SparkBenchCommand.print(
        out, 2, twoExecutors(), new SparkBreakdown(0.02, 0.015, 0.004, 0.07, 0.8, 1));
    SparkBenchCommand.print(
        out, 1, twoExecutors(), new SparkBreakdown(0.02, 0.015, 0.004, 0.07, 0.8, 1));
    Map<String, Double> executors = new LinkedHashMap<>();
    executors.put(ProcessCpu.TASKS, 9.0);
    executors.put(ProcessCpu.JIT, 2.5);
    executors.put(ProcessCpu.GC, 0.5);
    executors.put(ProcessCpu.OTHER, 1.0);
    SparkBenchCommand.print(
        out,
        twoExecutors(),
        new SparkBreakdown(0.02, 0.015, 0.004, 0.07, 0.8, 1),
        new SparkBenchCommand.CpuUse(
            executors,
            Map.of(ProcessCpu.OTHER, 2.0),
            Map.of(
                "Deallocator-#",
                0.6,
                ProcessCpu.ENDED,
                0.3,
                "dispatcher-Executor",
                0.08,
                "idle",
                0.01),
            Map.of("C2 CompilerThread#", 1.2, "dispatcher-event-loop-#", 0.4, "idle", 0.01)));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(
        text.contains(
            "driver's CPU s by thread: C2 CompilerThread# 1.2, dispatcher-event-loop-# 0.4"),
        text);
    assertTrue(text.contains("executors 2: 5 trials in 10.0 s = 1800 trials/hour"), text);
    assertTrue(text.contains("executors 1 (2 task slots): 5 trials in 10.0 s"), text);
    assertTrue(
        text.contains("per-trial gap 117 ms = 5.8% of a mean trial (3 gaps, median 100"), text);
    assertTrue(
        text.contains(
            "20 ms from a result to the next launch, 15 ms deserialising a task (median 4 ms)"),
        text);
    assertTrue(text.contains("start-up 2.000 s to the first trial (2.500 s per executor"), text);
    assertTrue(text.contains("overhead 100.0% of trial time: start-up 50.0%, gaps 3.5%"), text);
    assertTrue(text.contains("tails 46.5%"), text);
    assertTrue(
        text.contains("CPU s: executor JVMs 13.0 (trial tasks 9.0, JIT 2.5, GC 0.5, other 1.0)"),
        text);
    assertTrue(
        text.contains(
            "executors' other CPU s by thread: Deallocator-# 0.6, (ended threads) 0.3,"
                + " dispatcher-Executor 0.1\n"),
        text);
    int cores = Runtime.getRuntime().availableProcessors();
    assertTrue(
        text.contains(
            String.format(
                java.util.Locale.ROOT,
                "driver JVM 2.0; %.0f%% of %d cores' 10.0 s",
                100 * 15.0 / (cores * 10.0),
                cores)),
        text);
    assertTrue(text.contains("trial task threads ran 80% of their time on a core"), text);
  }

  /**
   * Executor 0 runs two tasks: trials [0,100], [110,210] (gap 10 within), then a launch at 230 and
   * [250,350] (gap 40 at a boundary: the first task's end 15 ms after its last trial, -20 + 5 +
   * 240; its result 3 ms later, the launch 2 ms later, 5 ms deserialising, 15 ms more); executor 1
   * one task: [0,200], [220,420] (gap 20 within). Trial time 700 ms.
   */
  @Test
  void gapsSplitIntoThoseWithinATaskAndThoseAtATaskBoundary() {
    List<TrialTiming> trials =
        List.of(
            new TrialTiming("0/11@h", 250, 350),
            new TrialTiming("0/11@h", 0, 100),
            new TrialTiming("0/11@h", 110, 210),
            new TrialTiming("1/12@h", 0, 200),
            new TrialTiming("1/12@h", 220, 420));
    List<TaskTiming> tasks =
        List.of(
            new TaskTiming("0", -20, 228, 5, 240, 200),
            new TaskTiming("0", 230, 360, 5, 120, 100),
            new TaskTiming("1", -15, 430, 5, 440, 400));
    SparkBenchCommand.GapSplit split = SparkBenchCommand.GapSplit.of(trials, tasks);
    assertEquals(2, split.within());
    assertEquals(0.015, split.withinMedianSeconds(), EPS);
    assertEquals(30.0 / 700, split.withinShare(), EPS);
    assertEquals(1, split.boundaries());
    assertEquals(0.040, split.boundaryMeanSeconds(), EPS);
    assertEquals(40.0 / 700, split.boundaryShare(), EPS);
    assertEquals(new SparkBenchCommand.BoundaryParts(15, 3, 2, 5, 15), split.boundaryParts());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    split.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals(
        "  gaps within tasks: 2, median 15 ms, 4.3% of trial time; at task boundaries: 1, mean 40"
            + " ms, 5.7% of trial time\n"
            + "  a boundary, on average: 15 ms from the last trial's end to its task's end, 3 ms to"
            + " its result on the driver, 2 ms to the next launch, 5 ms deserialising it, 15 ms"
            + " more to its first trial\n",
        bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }
}
