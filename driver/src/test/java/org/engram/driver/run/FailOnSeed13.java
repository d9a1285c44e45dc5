package org.engram.driver.run;

import org.engram.result.TrialResult;
import org.engram.spec.TrialSpec;
import org.engram.train.CheckpointStore;
import org.engram.train.ProgressListener;

/** A test {@code run.runner}: the real trainer, except that seed 13 throws. */
public final class FailOnSeed13 implements TrialExecutor {
  @Override
  public TrialResult run(
      TrialSpec spec, String trialId, CheckpointStore checkpoints, ProgressListener listener) {
    if (spec.seed() == SyntheticTrials.FAILING_SEED) {
      throw new IllegalStateException("injected failure for seed " + SyntheticTrials.FAILING_SEED);
    }
    return new DefaultTrialExecutor().run(spec, trialId, checkpoints, listener);
  }
}
