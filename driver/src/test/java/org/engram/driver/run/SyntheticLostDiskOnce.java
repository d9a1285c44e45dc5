package org.engram.driver.run;

/** {@link InfraFailureOnce} with the fast stand-in trainer, {@link SyntheticTrials}. */
public final class SyntheticLostDiskOnce extends InfraFailureOnce {
  @Override
  protected TrialExecutor trainer() {
    return new SyntheticTrials();
  }
}
