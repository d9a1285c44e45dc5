package org.engram.driver.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.engram.result.TrialResult;
import org.engram.spec.TrialSpec;
import org.engram.train.CheckpointStore;
import org.engram.train.ProgressListener;

/**
 * A test {@code run.runner}: the real trainer, whose every checkpoint save leaves a marker {@code
 * <trial>.<pid>} in {@code -Dengram.test.markers} and then pauses {@code -Dengram.test.pauseMillis}
 * (default 800). A test that sees a marker knows which executor JVM holds a trial that has a
 * complete checkpoint, and has the pause to kill it before the trial ends.
 */
public final class CheckpointMarkers implements TrialExecutor {
  @Override
  public TrialResult run(
      TrialSpec spec, String trialId, CheckpointStore checkpoints, ProgressListener listener) {
    Path markers = Path.of(System.getProperty("engram.test.markers"));
    long pause = Long.getLong("engram.test.pauseMillis", 800);
    CheckpointStore marking =
        new CheckpointStore() {
          @Override
          public Optional<byte[]> load(String id) throws IOException {
            return checkpoints.load(id);
          }

          @Override
          public void save(String id, byte[] checkpoint) throws IOException {
            checkpoints.save(id, checkpoint);
            Path tmp = markers.resolve("." + id + "." + ProcessHandle.current().pid());
            Files.writeString(tmp, "saved");
            Files.move(
                tmp,
                markers.resolve(id + "." + ProcessHandle.current().pid()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            try {
              Thread.sleep(pause);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void delete(String id) throws IOException {
            checkpoints.delete(id);
          }

          @Override
          public double minSecondsBetweenSaves() {
            return checkpoints.minSecondsBetweenSaves();
          }
        };
    try {
      Files.createDirectories(markers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DefaultTrialExecutor().run(spec, trialId, marking, listener);
  }
}
