package org.engram.driver.run;

import org.engram.result.TrialResult;
import org.engram.spec.TrialSpec;
import org.engram.train.CheckpointStore;
import org.engram.train.ProgressListener;
import org.engram.train.TrialRunner;

/** Runs a trial with worker-lib's {@link TrialRunner}. */
public final class DefaultTrialExecutor implements TrialExecutor {

  @Override
  public TrialResult run(
      TrialSpec spec, String trialId, CheckpointStore checkpoints, ProgressListener listener) {
    return new TrialRunner(checkpoints, listener).run(spec, trialId);
  }
}
