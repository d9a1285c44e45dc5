package org.engram.driver.run;

import org.engram.result.TrialResult;
import org.engram.spec.TrialSpec;
import org.engram.train.CheckpointStore;
import org.engram.train.ProgressListener;

/**
 * A test {@code run.runner}: {@link SyntheticTrials} that take {@code -Dengram.test.trialMillis}
 * (default 1000) each, so that a test can act while a run is half done.
 */
public final class SlowTrials implements TrialExecutor {
  @Override
  public TrialResult run(
      TrialSpec spec, String trialId, CheckpointStore checkpoints, ProgressListener listener) {
    try {
      Thread.sleep(Long.getLong("engram.test.trialMillis", 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return new SyntheticTrials().run(spec, trialId, checkpoints, listener);
  }
}
