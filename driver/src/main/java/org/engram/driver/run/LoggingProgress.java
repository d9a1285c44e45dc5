package org.engram.driver.run;

import org.engram.train.ProgressListener;
import org.engram.train.TrainingProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a trial's meta-training progress on the executor, at most every 30 seconds, so a long trial
 * shows signs of life (and of a blow-up: the gradient norm) in the executor's log.
 */
final class LoggingProgress implements ProgressListener {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingProgress.class);
  private static final long EVERY_NANOS = 30_000_000_000L;

  private final String trialId;
  private long last = System.nanoTime();

  LoggingProgress(String trialId) {
    this.trialId = trialId;
  }

  @Override
  public void onProgress(TrainingProgress p) {
    long now = System.nanoTime();
    if (now - last >= EVERY_NANOS || p.metaStep() == p.steps()) {
      last = now;
      LOG.info(
          "trial {} meta-step {}/{} K {} loss {} bit accuracy {} grad norm {}",
          trialId,
          p.metaStep(),
          p.steps(),
          p.snippets(),
          p.loss(),
          p.bitAccuracy(),
          p.gradNorm());
    }
  }
}
