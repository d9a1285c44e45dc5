package org.engram.driver.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.TaskContext;
import org.engram.result.TrialResult;
import org.engram.spec.TrialSpec;
import org.engram.train.CheckpointStore;
import org.engram.train.ProgressListener;

/**
 * A test {@code run.runner}: the real trainer, except that the first attempt of the task holding
 * the trial with seed 3 dies of an infrastructure failure (an I/O error) when it reaches that
 * trial, which Spark must retry.
 */
public class InfraFailureOnce implements TrialExecutor {
  /** What runs the trials that do not fail. */
  protected TrialExecutor trainer() {
    return new DefaultTrialExecutor();
  }

  @Override
  public TrialResult run(
      TrialSpec spec, String trialId, CheckpointStore checkpoints, ProgressListener listener) {
    if (spec.seed() == 3 && TaskContext.get().attemptNumber() == 0) {
      throw new UncheckedIOException(new IOException("injected lost disk on first attempt"));
    }
    return trainer().run(spec, trialId, checkpoints, listener);
  }
}
