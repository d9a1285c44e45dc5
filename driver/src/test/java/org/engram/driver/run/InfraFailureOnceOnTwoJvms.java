package org.engram.driver.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.engram.result.TrialResult;
import org.engram.spec.TrialSpec;
import org.engram.train.CheckpointStore;
import org.engram.train.ProgressListener;

/**
 * {@link InfraFailureOnce} whose trials wait, before they start, until trials have started in two
 * JVMs of the session (up to a minute). A test that checks that a run used both of its executors
 * needs it: the queue hands trials to whichever worker asks, so a grid of tiny trials can end in
 * one executor while the other's worker is still starting (seen twice, in CI and locally).
 */
public class InfraFailureOnceOnTwoJvms extends InfraFailureOnce {
  private static final long WAIT_MILLIS = 60_000;

  @Override
  public TrialResult run(
      TrialSpec spec, String trialId, CheckpointStore checkpoints, ProgressListener listener) {
    awaitTwoJvms();
    return super.run(spec, trialId, checkpoints, listener);
  }

  /** Where each JVM that starts a trial of the session leaves a file named by its pid. */
  static Path markers(String appId) {
    return Path.of(System.getProperty("java.io.tmpdir"), "engram-two-jvms-" + appId);
  }

  private static void awaitTwoJvms() {
    Path dir = markers(SparkEnv.get().conf().getAppId());
    try {
      Files.createDirectories(dir);
      Path mine = dir.resolve(Long.toString(ProcessHandle.current().pid()));
      if (!Files.exists(mine)) {
        Files.writeString(mine, "");
      }
      long deadline = System.currentTimeMillis() + WAIT_MILLIS;
      while (count(dir) < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a second executor", e);
    }
  }

  private static long count(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
