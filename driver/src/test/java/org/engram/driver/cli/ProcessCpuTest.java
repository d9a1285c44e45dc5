package org.engram.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading /proc and sorting a JVM's CPU by what its threads do. */
class ProcessCpuTest {
  private static final double EPS = 1e-9;

  @Test
  void readsUserAndSystemTimeAfterANameWithSpacesAndParentheses() {
    String stat = "4242 (C2 Compi) (x)) S 1 4242 4242 0 -1 4194304 97 0 0 0 250 37 0 0 20 0 1 0";
    assertEquals(2.87, ProcessCpu.seconds(stat), EPS);
  }

  @Test
  void namesThreadsByWhatTheyDo() {
    assertEquals(ProcessCpu.TASKS, ProcessCpu.category("Executor task l"));
    assertEquals(ProcessCpu.COMMITS, ProcessCpu.category("engram-commit"));
    assertEquals(ProcessCpu.JIT, ProcessCpu.category("C2 CompilerThre"));
    assertEquals(ProcessCpu.JIT, ProcessCpu.category("C1 CompilerThre"));
    assertEquals(ProcessCpu.GC, ProcessCpu.category("GC Thread#1"));
    assertEquals(ProcessCpu.GC, ProcessCpu.category("G1 Conc#0"));
    assertEquals(ProcessCpu.GC, ProcessCpu.category("VM Thread"));
    assertEquals(ProcessCpu.OTHER, ProcessCpu.category("dispatcher-even"));
  }

  @Test
  void splitsTheTimeBetweenSnapshotsAndCountsEndedThreadsAsOther() {
    ProcessCpu.Snapshot from =
        new ProcessCpu.Snapshot(
            10.0,
            Map.of(1L, 4.0, 2L, 1.0, 3L, 0.5, 5L, 0.25),
            Map.of(
                1L,
                "Executor task l",
                2L,
                "C2 CompilerThre",
                3L,
                "short-lived",
                5L,
                "engram-commit"));
    // thread 3 ended; thread 4 is new
    ProcessCpu.Snapshot to =
        new ProcessCpu.Snapshot(
            20.0,
            Map.of(1L, 10.0, 2L, 3.0, 4L, 0.5, 5L, 1.0),
            Map.of(
                1L,
                "Executor task l",
                2L,
                "C2 CompilerThre",
                4L,
                "GC Thread#0",
                5L,
                "engram-commit"));
    Map<String, Double> d = ProcessCpu.byCategory(from, to);
    assertEquals(
        List.of(
            ProcessCpu.TASKS, ProcessCpu.COMMITS, ProcessCpu.JIT, ProcessCpu.GC, ProcessCpu.OTHER),
        List.copyOf(d.keySet()));
    assertEquals(6.0, d.get(ProcessCpu.TASKS), EPS);
    assertEquals(2.0, d.get(ProcessCpu.JIT), EPS);
    assertEquals(0.5, d.get(ProcessCpu.GC), EPS);
    assertEquals(0.75, d.get(ProcessCpu.COMMITS), EPS);
    assertEquals(0.75, d.get(ProcessCpu.OTHER), EPS);
    assertEquals(10.0, ProcessCpu.total(d), EPS);
    Map<String, Double> life = ProcessCpu.byCategory(null, to);
    assertEquals(20.0, ProcessCpu.total(life), EPS);
    assertEquals(5.5, life.get(ProcessCpu.OTHER), EPS);
  }

  @Test
  void namesTheOtherThreadsWithTheirPoolsFoldedAndEndedOnesApart() {
    ProcessCpu.Snapshot from =
        new ProcessCpu.Snapshot(
            5.0,
            Map.of(1L, 1.0, 2L, 1.0, 3L, 1.0, 9L, 1.0),
            Map.of(1L, "Executor task l", 2L, "Deallocator-1", 3L, "Deallocator-2", 9L, "gone"));
    ProcessCpu.Snapshot to =
        new ProcessCpu.Snapshot(
            12.0,
            Map.of(1L, 4.0, 2L, 2.5, 3L, 2.0, 4L, 0.5),
            Map.of(
                1L, "Executor task l", 2L, "Deallocator-1", 3L, "Deallocator-2", 4L, "G1 Conc#0"));
    Map<String, Double> other = ProcessCpu.otherByThread(from, to);
    assertEquals(java.util.Set.of("Deallocator-#", ProcessCpu.ENDED), other.keySet());
    assertEquals(2.5, other.get("Deallocator-#"), EPS);
    // 7 s in all, 3 + 2.5 + 0.5 of it on live threads
    assertEquals(1.0, other.get(ProcessCpu.ENDED), EPS);
    assertEquals(
        ProcessCpu.byCategory(from, to).get(ProcessCpu.OTHER), ProcessCpu.total(other), EPS);
    Map<String, Double> all = ProcessCpu.byThread(from, to);
    assertEquals(3.0, all.get("Executor task l"), EPS);
    assertEquals(0.5, all.get("G# Conc##"), EPS);
    assertEquals(2.5, all.get("Deallocator-#"), EPS);
    assertEquals(7.0, ProcessCpu.total(all), EPS);
  }

  @Test
  void readsThisJvmWhereThereIsProc() {
    if (!java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/stat"))) {
      return;
    }
    ProcessCpu.Snapshot s = ProcessCpu.read(ProcessHandle.current().pid()).orElseThrow();
    assertTrue(s.totalSeconds() > 0);
    assertEquals(s.threadSeconds().keySet(), s.threadNames().keySet());
    double threads = s.threadSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
    assertTrue(threads > 0 && threads <= s.totalSeconds() + 0.01, threads + " " + s);
  }
}
