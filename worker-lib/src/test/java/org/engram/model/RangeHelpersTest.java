package org.engram.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hand-off between a {@link ParallelLaneKernel} call and its helper threads: every piece of
 * work runs once, its results are seen by the caller, parked helpers wake, callers at once each get
 * helpers of their own.
 */
class RangeHelpersTest {

  /** One call: each helper adds its index to its own slot of {@code sums}; the caller waits. */
  private static void call(long[] sums) {
    List<RangeHelpers.Helper> helpers = RangeHelpers.lend(sums.length);
    try {
      for (int i = 0; i < sums.length; i++) {
        int slot = i;
        helpers.get(i).hand(() -> sums[slot] += slot + 1); // plain writes: the hand-off orders them
      }
    } finally {
      helpers.forEach(RangeHelpers.Helper::awaitDone);
      RangeHelpers.giveBack(helpers);
    }
  }

  @Test
  void everyHandedOverPieceRunsOnceAndTheCallerSeesItsResult() {
    long[] sums = new long[3];
    int calls = 20_000;
    for (int c = 0; c < calls; c++) {
      call(sums);
    }
    assertEquals(List.of((long) calls, 2L * calls, 3L * calls), List.of(sums[0], sums[1], sums[2]));
  }

  @Test
  void aHelperThatParkedForLackOfWorkWakesForTheNextCall() throws InterruptedException {
    List<RangeHelpers.Helper> helpers = RangeHelpers.lend(1);
    RangeHelpers.Helper h = helpers.get(0);
    try {
      int[] runs = new int[1];
      h.hand(() -> runs[0]++);
      h.awaitDone();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!h.isParked() && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertTrue(h.isParked(), "idle longer than its spin, the helper parks");
      h.hand(() -> runs[0]++);
      h.awaitDone();
      assertEquals(2, runs[0]);
    } finally {
      RangeHelpers.giveBack(helpers);
    }
  }

  @Test
  void callersAtOnceEachGetHelpersOfTheirOwn() throws Exception {
    int callers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<long[]>> futures = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        futures.add(
            pool.submit(
                () -> {
                  long[] sums = new long[2];
                  for (int i = 0; i < 3_000; i++) {
                    call(sums);
                  }
                  return sums;
                }));
      }
      for (Future<long[]> f : futures) {
        long[] sums = f.get(60, TimeUnit.SECONDS);
        assertEquals(3_000L, sums[0]);
        assertEquals(6_000L, sums[1]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aHelperOutlivesWorkThatThrowsAndRefusesWorkWhileBusy() {
    List<RangeHelpers.Helper> helpers = RangeHelpers.lend(1);
    RangeHelpers.Helper h = helpers.get(0);
    try {
      h.hand(
          () -> {
            throw new IllegalStateException("work failed");
          });
      h.awaitDone();
      long[] slow = new long[1];
      h.hand(
          () -> {
            long until = System.nanoTime() + 20_000_000L;
            while (System.nanoTime() < until) {
              Thread.onSpinWait();
            }
            slow[0] = 1;
          });
      assertThrows(IllegalStateException.class, () -> h.hand(() -> {}));
      h.awaitDone();
      assertEquals(1, slow[0], "the helper ran the work after the failed one");
    } finally {
      RangeHelpers.giveBack(helpers);
    }
  }
}
