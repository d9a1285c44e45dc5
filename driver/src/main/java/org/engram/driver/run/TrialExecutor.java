package org.engram.driver.run;

import org.engram.result.TrialResult;
import org.engram.spec.TrialSpec;
import org.engram.train.CheckpointStore;
import org.engram.train.ProgressListener;

/**
 * Runs one trial on an executor. The default is {@link DefaultTrialExecutor} (worker-lib's {@code
 * TrialRunner}); {@code run.runner} names another class with a public no-argument constructor,
 * which is how tests inject a failing trial. A deterministic failure is returned as a FAILED result
 * or thrown as a {@link RuntimeException} (the task turns it into a FAILED row); an {@link Error}
 * or an {@link java.io.UncheckedIOException} is an infrastructure failure, which Spark retries.
 */
public interface TrialExecutor {

  /** Runs the trial with the given id, checkpointing to the store and reporting to the listener. */
  TrialResult run(
      TrialSpec spec, String trialId, CheckpointStore checkpoints, ProgressListener listener);
}
