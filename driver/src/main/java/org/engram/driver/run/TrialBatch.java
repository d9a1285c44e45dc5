package org.engram.driver.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The trials of one Spark task ({@code run.trialsPerTask} of them), run one after the other by a
 * {@link TrialTask}. Each trial is committed as it ends, so a retried task skips the trials an
 * earlier attempt committed (see {@link TrialTask#call}) and loses none.
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
      // A copy: a subList view would serialise the whole grid with every task.
      batches.add(new ArrayList<>(jobs.subList(from, Math.min(jobs.size(), from + perTask))));
    }
    return batches;
  }

  @Override
  public Iterator<TrialOutcome> call(List<TrialJob> jobs) throws IOException {
    List<TrialOutcome> outcomes = new ArrayList<>(jobs.size());
    for (TrialJob job : jobs) {
      outcomes.add(task.call(job));
    }
    return outcomes.iterator();
  }
}
