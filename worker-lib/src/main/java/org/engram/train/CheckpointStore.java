package org.engram.train;

import java.io.IOException;
import java.util.Optional;

/**
 * Where a trial keeps its checkpoints, so that a lost executor does not restart a long trial from
 * zero. The driver implements it on the run's output file system; {@link #none()} keeps nothing.
 * Implementations must make {@link #save} atomic: a reader sees the old checkpoint or the new one,
 * never half of one.
 */
public interface CheckpointStore {

  /** The latest checkpoint of the trial, if any. */
  Optional<byte[]> load(String trialId) throws IOException;

  /** Replaces the trial's checkpoint atomically. */
  void save(String trialId, byte[] checkpoint) throws IOException;

  /** Removes the trial's checkpoint once its result is safe. */
  void delete(String trialId) throws IOException;

  /**
   * The fewest seconds of a trial's work between two of its checkpoints, and before its first: a
   * checkpoint due by {@code train.checkpointEvery} is skipped until that much has passed. A trial
   * shorter than this saves none, which is right when a save costs more than redoing the trial
   * would (a smoke-sized trial of 0.1 s saved five, each a file written and one deleted). 0 (the
   * default): every checkpoint that is due.
   */
  default double minSecondsBetweenSaves() {
    return 0;
  }

  /** A store that keeps nothing. */
  static CheckpointStore none() {
    return new CheckpointStore() {
      @Override
      public Optional<byte[]> load(String trialId) {
        return Optional.empty();
      }

      @Override
      public void save(String trialId, byte[] checkpoint) {}

      @Override
      public void delete(String trialId) {}
    };
  }
}
