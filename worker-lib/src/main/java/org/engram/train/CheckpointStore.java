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
