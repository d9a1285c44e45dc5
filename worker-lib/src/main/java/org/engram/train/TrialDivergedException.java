package org.engram.train;

/**
 * A non-finite loss or gradient (MODEL.md section 6): a deterministic failure that ends the trial
 * as FAILED, with the meta-step and the reason, and is never retried.
 */
public final class TrialDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int metaStep;

  public TrialDivergedException(int metaStep, String reason) {
    super("meta-step " + metaStep + ": " + reason);
    this.metaStep = metaStep;
  }

  /** The meta-step (1-based) at which training diverged. */
  public int metaStep() {
    return metaStep;
  }
}
