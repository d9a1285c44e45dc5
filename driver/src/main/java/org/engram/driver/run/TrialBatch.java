package org.engram.driver.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The trials of one Spark task ({@code run.trialsPerTask} of them, or {@link #guided} sizes), run
 * one after the other by a {@link TrialTask}. Each trial is committed as it ends (while the next
 * one runs), so a retried task skips the trials an earlier attempt committed (see {@link
 * TrialTask#run}) and loses none. The task's trials share its {@link TrialTask.Output}.
 */
final class TrialBatch implements FlatMapFunction<List<TrialJob>, TrialOutcome> {
  private static final long serialVersionUID = 1L;

  private final TrialTask task;

  TrialBatch(TrialTask task) {
    this.task = task;
  }

  /** Consecutive trials of the grid, at most {@code perTask} to a task, in grid order. */
  static List<List<TrialJob>> of(List<TrialJob> jobs, int perTask) {
    if (perTask < 1) {
      throw new IllegalArgumentException("trials per task must be >= 1, got " + perTask);
    }
    List<List<TrialJob>> batches = new ArrayList<>();
    for (int from = 0; from < jobs.size(); from += perTask) {
      batches.add(copy(jobs, from, perTask));
    }
    return batches;
  }

  /**
   * Guided self-scheduling (Polychronopoulos and Kuck, 1987) ending in a trial per slot:
   * consecutive trials of the grid, each task a slot's share of the trials left before the last
   * {@code slots}, at most {@code max}, and those last ones a task each. Spark launches a stage's
   * tasks in partition order, so the large tasks run first and the last ones, of a trial each, even
   * out the slots at the end: few tasks, and the slots end within a trial of each other, as with a
   * task per trial. With one slot there is nothing to even out, so every task is as large as {@code
   * max} allows.
   *
   * <p>Each task boundary costs a slot some 50 ms (on the 2-vCPU VM, {@code bench-spark}'s boundary
   * line: the task's last commit on its own thread, the result's and the next launch's trips
   * through the driver, the next task's deserialisation and set-up). A slot's share of half the
   * trials left (factoring, before) cut 24 trials for 2 slots into 9 tasks, 7 boundaries, 3% of
   * trial time; this cuts them into 7 (8, 7, 4, 2, 1, 1, 1). A slot's share of all that is left
   * (plain guided self-scheduling, 8, 8, 4, 2, 1, 1) would save one more, but ends a grid whose
   * last trials are its longest (a size study's) with several of them in one task.
   *
   * @param slots the trials that can run at once
   * @param max the largest task
   */
  static List<List<TrialJob>> guided(List<TrialJob> jobs, int slots, int max) {
    if (slots < 1 || max < 1) {
      throw new IllegalArgumentException(
          "slots and the largest task must be >= 1, got " + slots + " and " + max);
    }
    List<List<TrialJob>> batches = new ArrayList<>();
    int from = 0;
    while (from < jobs.size()) {
      int left = jobs.size() - from;
      // ceil((left - slots) / slots): a slot's share of what is left before the last trials.
      int share = slots == 1 ? left : (left - 1) / slots;
      int size = Math.max(1, Math.min(max, share));
      batches.add(copy(jobs, from, size));
      from += size;
    }
    return batches;
  }

  /** A copy: a subList view would serialise the whole grid with every task. */
  private static List<TrialJob> copy(List<TrialJob> jobs, int from, int size) {
    return new ArrayList<>(jobs.subList(from, Math.min(jobs.size(), from + size)));
  }

  /**
   * Runs the trials in turn. Each trial's commit runs on a {@link BackgroundCommit} thread, started
   * once the next trial has started (so that the gap between them is the set-up alone; see {@link
   * BackgroundCommit}); the last is committed here. Whatever ends the task, a finished trial's
   * commit is started if it was not, and awaited, so it is not redone by the retry.
   */
  @Override
  public Iterator<TrialOutcome> call(List<TrialJob> jobs) throws IOException {
    List<TrialOutcome> outcomes = new ArrayList<>(jobs.size());
    TrialTask.Output output = task.openOutput();
    BackgroundCommit commits = new BackgroundCommit("engram-commit");
    boolean completed = false;
    try {
      for (int i = 0; i < jobs.size(); i++) {
        TrialTask.Ran ran = task.run(jobs.get(i), output, commits::startHeld);
        // Starts the held commit first where the trial did not (it was found committed).
        commits.<TrialOutcome>await().ifPresent(outcomes::add);
        if (i + 1 < jobs.size()) {
          commits.hold(ran::commit);
        } else {
          outcomes.add(ran.commit());
        }
      }
      completed = true;
    } finally {
      if (!completed) {
        awaitQuietly(commits); // starts a held commit: the next trial failed before it started
      }
    }
    return outcomes.iterator();
  }

  /** Lets a finished trial's commit end before the task fails; the task's own error wins. */
  private static void awaitQuietly(BackgroundCommit commits) {
    try {
      commits.await();
    } catch (IOException | RuntimeException e) {
      // The task is failing already and Spark retries it; the retry redoes this trial.
    }
  }
}
