package org.engram.driver.run;

import org.engram.result.TrialResult;
import org.engram.spec.TrialSpec;
import org.engram.train.CheckpointStore;
import org.engram.train.ProgressListener;

/**
 * A test {@code run.runner}: {@link SyntheticTrials}, except that a trial with more than 1000
 * hidden neurons asks the JVM for a 16 GiB array, which exhausts any test heap at once (a real
 * {@link OutOfMemoryError}, thrown before anything is allocated, so the test JVM is unharmed).
 */
public final class HeapHog implements TrialExecutor {
  static volatile long[] sink;

  @Override
  public TrialResult run(
      TrialSpec spec, String trialId, CheckpointStore checkpoints, ProgressListener listener) {
    if (spec.network().hidden() > 1000) {
      sink = new long[Integer.MAX_VALUE - 16];
    }
    return new SyntheticTrials().run(spec, trialId, checkpoints, listener);
  }
}
