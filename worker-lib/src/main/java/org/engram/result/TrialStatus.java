package org.engram.result;

/** How a trial ended. */
public enum TrialStatus {
  /** Trained and evaluated. */
  OK,
  /** Ended by a deterministic failure (divergence, invalid setting): recorded, never retried. */
  FAILED
}
