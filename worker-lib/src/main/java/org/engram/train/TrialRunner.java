package org.engram.train;

import org.engram.result.TrialResult;
import org.engram.spec.TrialSpec;

/**
 * Runs one trial: meta-trains the network of a spec, evaluates it across difficulties, and returns
 * the result. A deterministic failure (divergence, invalid setting) is returned as a FAILED result,
 * never thrown; only infrastructure failures (out of memory, I/O of the checkpoint store) throw.
 */
public final class TrialRunner {
  private final CheckpointStore checkpoints;
  private final ProgressListener listener;

  public TrialRunner(CheckpointStore checkpoints, ProgressListener listener) {
    this.checkpoints = checkpoints;
    this.listener = listener;
  }

  /**
   * Runs the trial, resuming from the store's checkpoint under {@code trialId} if there is one.
   *
   * @param spec the trial
   * @param trialId the trial's content id, the key of its checkpoint
   */
  public TrialResult run(TrialSpec spec, String trialId) {
    throw new UnsupportedOperationException(
        "TrialRunner is being implemented (issue 7); spec "
            + spec
            + ", id "
            + trialId
            + ", store "
            + checkpoints
            + ", listener "
            + listener);
  }
}
