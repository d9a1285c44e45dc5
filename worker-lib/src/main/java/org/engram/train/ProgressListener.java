package org.engram.train;

/** Receives meta-training progress; called on the training thread, so it must be quick. */
@FunctionalInterface
public interface ProgressListener {
  void onProgress(TrainingProgress progress);

  /** A listener that ignores everything. */
  static ProgressListener none() {
    return p -> {};
  }
}
