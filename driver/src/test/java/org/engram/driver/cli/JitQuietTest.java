package org.engram.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.engram.driver.cli.SparkBenchCommand.RunKind;
import org.junit.jupiter.api.Test;

class JitQuietTest {
  @Test
  void theJitShareIsOfAllTheExecutorsCpu() {
    assertEquals(
        0.1,
        JitQuiet.jitShare(Map.of(ProcessCpu.TASKS, 7.0, ProcessCpu.JIT, 1.0, ProcessCpu.GC, 2.0)),
        1e-12);
    assertEquals(0.0, JitQuiet.jitShare(Map.of(ProcessCpu.TASKS, 7.0)), 1e-12);
    assertTrue(Double.isNaN(JitQuiet.jitShare(Map.of())));
  }

  @Test
  void aRunThatWouldBeWarmWarmsUpInsteadWhileTheJitIsBusy() {
    double busy = JitQuiet.EXECUTORS_QUIET_SHARE;
    double quiet = Math.nextDown(JitQuiet.EXECUTORS_QUIET_SHARE);
    RunKind warming = RunKind.WARMING;
    assertTrue(JitQuiet.keepWarming(warming, RunKind.WARM, busy, 0));
    assertTrue(JitQuiet.keepWarming(RunKind.COLD, RunKind.WARM, busy, 0));
    assertTrue(
        JitQuiet.keepWarming(warming, RunKind.WARM, 0.2, JitQuiet.MAX_EXTRA_WARMING_RUNS - 1));
    assertFalse(JitQuiet.keepWarming(warming, RunKind.WARM, quiet, 0));
    assertFalse(JitQuiet.keepWarming(warming, RunKind.WARM, 0.2, JitQuiet.MAX_EXTRA_WARMING_RUNS));
    // Without /proc nothing is known: the usual runs, as before.
    assertFalse(JitQuiet.keepWarming(warming, RunKind.WARM, Double.NaN, 0));
    // The cold run and the usual warming runs are runs of their own kind whatever the JIT does.
    assertFalse(JitQuiet.keepWarming(RunKind.COLD, RunKind.WARMING, 0.2, 0));
    assertFalse(JitQuiet.keepWarming(warming, RunKind.WARMING, 0.2, 0));
    // Once warm runs have begun, they go on.
    assertFalse(JitQuiet.keepWarming(RunKind.WARM, RunKind.WARM, 0.2, 0));
  }

  @Test
  void describesTheJitOfAWarmRun() {
    assertEquals(
        "; the executors' JIT quiet: 1.5% of their CPU in the run before",
        JitQuiet.describe(0.015, 2));
    assertEquals(
        "; the executors' JIT still busy after 8 extra warming runs: 4.0% of their CPU in the run"
            + " before",
        JitQuiet.describe(0.04, 8));
    assertEquals("", JitQuiet.describe(Double.NaN, 0));
  }

  @Test
  void waitsForThisJvmsCompilersWithinItsBound() throws InterruptedException {
    double waited = JitQuiet.awaitQuiet(ProcessHandle.current().pid());
    assertTrue(waited >= 0 && waited <= JitQuiet.DRIVER_MAX_WAIT_MILLIS / 1000.0 + 2, "" + waited);
  }
}
