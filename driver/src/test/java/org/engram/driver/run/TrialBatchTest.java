package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a grid's trials are cut into Spark tasks. */
class TrialBatchTest {
  private static List<TrialJob> jobs(int n) {
    return IntStream.range(0, n).mapToObj(i -> new TrialJob("t" + i, i, "{}")).toList();
  }

  private static List<Integer> sizes(List<List<TrialJob>> batches) {
    return batches.stream().map(List::size).toList();
  }

  /** Every trial once, in grid order. */
  private static void assertCovers(List<TrialJob> jobs, List<List<TrialJob>> batches) {
    List<TrialJob> flat = new ArrayList<>();
    batches.forEach(flat::addAll);
    assertEquals(jobs, flat);
  }

  @Test
  void fixedSizesLeaveTheRemainderLast() {
    List<TrialJob> jobs = jobs(10);
    List<List<TrialJob>> batches = TrialBatch.of(jobs, 4);
    assertEquals(List.of(4, 4, 2), sizes(batches));
    assertCovers(jobs, batches);
  }

  @Test
  void guidedTasksAreASlotsShareOfWhatIsLeftBeforeATrialPerSlotCapped() {
    List<TrialJob> jobs = jobs(24);
    // Two slots: ceil((24 - 2) / 2) = 11, capped at 8; ceil(14 / 2) = 7, ceil(7 / 2) = 4,
    // ceil(3 / 2) = 2, ceil(1 / 2) = 1, then a trial each for the last 2.
    assertEquals(List.of(8, 7, 4, 2, 1, 1, 1), sizes(TrialBatch.guided(jobs, 2, 8)));
    assertCovers(jobs, TrialBatch.guided(jobs, 2, 8));
    // Three slots, uncapped: ceil(17 / 3) = 6, ceil(11 / 3) = 4, 3, 2, then five of one.
    assertEquals(List.of(6, 4, 3, 2, 1, 1, 1, 1, 1), sizes(TrialBatch.guided(jobs(20), 3, 100)));
  }

  @Test
  void oneSlotGetsTasksAsLargeAsAllowedForThereIsNothingToEvenOut() {
    assertEquals(List.of(8, 8, 8), sizes(TrialBatch.guided(jobs(24), 1, 8)));
    assertEquals(List.of(8, 8, 4), sizes(TrialBatch.guided(jobs(20), 1, 8)));
    assertEquals(List.of(3), sizes(TrialBatch.guided(jobs(3), 1, 8)));
    assertCovers(jobs(20), TrialBatch.guided(jobs(20), 1, 8));
  }

  @Test
  void guidedTasksForManySlotsEndWithATrialPerSlotAtLeast() {
    for (int slots : new int[] {2, 3, 16, 64}) {
      for (int n : new int[] {1, 7, 100, 1500}) {
        List<TrialJob> jobs = jobs(n);
        List<List<TrialJob>> batches = TrialBatch.guided(jobs, slots, 8);
        List<Integer> sizes = sizes(batches);
        assertCovers(jobs, batches);
        for (int i = 1; i < sizes.size(); i++) {
          assertTrue(sizes.get(i) <= sizes.get(i - 1), "non-increasing: " + sizes);
        }
        assertTrue(sizes.get(0) <= 8, "capped: " + sizes);
        // The last slot's worth of tasks hold a trial each, so the slots end within a trial.
        int last = Math.min(n, slots);
        assertEquals(
            Collections.nCopies(last, 1),
            sizes.subList(sizes.size() - last, sizes.size()),
            slots + " slots, " + n + " trials: " + sizes);
      }
    }
  }

  @Test
  void guidedTasksNeverExceedAFixedSizeOfOne() {
    // With more slots than trials every task is a single trial, as run.trialsPerTask = 1.
    assertEquals(sizes(TrialBatch.of(jobs(10), 1)), sizes(TrialBatch.guided(jobs(10), 16, 8)));
  }

  @Test
  void nonsenseSizesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> TrialBatch.of(jobs(3), 0));
    assertThrows(IllegalArgumentException.class, () -> TrialBatch.guided(jobs(3), 0, 8));
    assertThrows(IllegalArgumentException.class, () -> TrialBatch.guided(jobs(3), 2, 0));
  }
}
