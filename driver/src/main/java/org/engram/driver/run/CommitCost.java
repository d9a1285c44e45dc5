package org.engram.driver.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.engram.driver.sink.OutputFileSystems;
import org.engram.driver.sink.OutputFiles;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TrialCommitter;
import org.engram.driver.sink.TrialRecord;
import org.engram.result.TrialResult;
import org.engram.runtime.BuildInfo;
import org.engram.spec.TrialSpec;
import org.engram.train.CheckpointStore;
import org.engram.train.ProgressListener;

/**
 * What a trial's commit and checkpoints cost in CPU on a local disk, through {@code java.nio}
 * (Engram's path since 27 Nov, see {@link OutputFiles}) and through Hadoop's {@code FileSystem}
 * (the path of HDFS and the like, and of local disks before): {@code engram bench-commit}.
 *
 * <p>One real trial is run first, so that the rows and the checkpoint have a real trial's sizes.
 * Each path then commits that trial's record to a fresh output again and again, each time also
 * saving its checkpoint, deleting it (as a commit does) and checking whether the next trial is
 * committed (as a task does before each trial). Between commits it touches 32 MB of memory, as a
 * trial would: a commit between trials meets cold caches, which roughly double its CPU against
 * back-to-back commits. The CPU is this thread's; the medians are over the second half of the
 * commits, when the JIT has compiled the path.
 */
public final class CommitCost {
  private static final int TOUCHED_BYTES = 32 << 20;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final TrialRecord record;
  private final byte[] checkpoint;
  private final byte[] touched = new byte[TOUCHED_BYTES];
  private final Random random = new Random(1);

  private CommitCost(TrialRecord record, byte[] checkpoint) {
    this.record = record;
    this.checkpoint = checkpoint;
  }

  /** CPU milliseconds per operation, medians over the measured commits. */
  public record Cost(double commitMs, double checkpointSaveMs, double committedCheckMs) {}

  /**
   * Runs the trial of {@code spec} in this thread, keeping its result and its last checkpoint.
   *
   * @throws IllegalStateException if the trial saves no checkpoint ({@code train.checkpointEvery}
   *     is 0 or above {@code train.steps})
   */
  public static CommitCost of(TrialSpec spec, String trialId) {
    byte[][] last = new byte[1][];
    CheckpointStore keepLast =
        new CheckpointStore() {
          @Override
          public Optional<byte[]> load(String id) {
            return Optional.empty();
          }

          @Override
          public void save(String id, byte[] bytes) {
            last[0] = bytes;
          }

          @Override
          public void delete(String id) {}
        };
    long start = System.nanoTime();
    TrialResult result =
        new DefaultTrialExecutor().run(spec, trialId, keepLast, ProgressListener.none());
    double wall = (System.nanoTime() - start) / 1e9;
    if (last[0] == null) {
      throw new IllegalStateException(
          "the trial saved no checkpoint: set train.checkpointEvery between 1 and train.steps");
    }
    if (result.provenance() == null) {
      result = result.withProvenance(Workers.provenance(1, wall));
    }
    TrialRecord record =
        new TrialRecord(
            "bench-commit",
            trialId,
            "{}",
            result,
            BuildInfo.projectVersion(),
            Workers.executorId(),
            0,
            wall,
            System.currentTimeMillis());
    return new CommitCost(record, last[0]);
  }

  /** The bytes of the trial's checkpoint. */
  public int checkpointBytes() {
    return checkpoint.length;
  }

  /**
   * Commits the trial {@code commits} times to the empty directory {@code dir}, through {@code
   * java.nio} or through Hadoop.
   */
  public Cost measure(java.nio.file.Path dir, boolean javaNio, int commits) throws IOException {
    if (commits < 2) {
      throw new IllegalArgumentException("commits must be >= 2, got " + commits);
    }
    Configuration conf = new Configuration();
    OutputLayout layout = OutputLayout.of(dir.toUri().toString());
    FileSystem fs = OutputFileSystems.of(layout.root(), conf);
    OutputFiles files = javaNio ? OutputFiles.of(fs) : OutputFiles.through(fs);
    TrialCommitter committer = new TrialCommitter(files, conf, layout);
    OutputCheckpointStore store = new OutputCheckpointStore(files, layout.checkpoints());
    long[] commit = new long[commits];
    long[] save = new long[commits];
    long[] check = new long[commits];
    for (int i = 0; i < commits; i++) {
      touchMemory();
      String id = record.trialId() + "-" + i;
      long t0 = THREADS.getCurrentThreadCpuTime();
      committer.committed(id); // not there yet: the check a task makes before each trial
      long t1 = THREADS.getCurrentThreadCpuTime();
      store.save(id, checkpoint);
      long t2 = THREADS.getCurrentThreadCpuTime();
      committer.commit(withId(id));
      store.delete(id);
      long t3 = THREADS.getCurrentThreadCpuTime();
      check[i] = t1 - t0;
      save[i] = t2 - t1;
      commit[i] = t3 - t2;
    }
    return new Cost(medianOfLastHalf(commit), medianOfLastHalf(save), medianOfLastHalf(check));
  }

  private TrialRecord withId(String id) {
    TrialRecord r = record;
    return new TrialRecord(
        r.runId(),
        id,
        r.specJson(),
        r.result(),
        r.projectVersion(),
        r.executorId(),
        r.taskAttempt(),
        r.wallSeconds(),
        r.finishedAtMillis());
  }

  /** Evicts the commit's code and data from the caches, as a trial between two commits does. */
  private void touchMemory() {
    for (int i = 0; i < touched.length; i += 64) {
      touched[i] += (byte) random.nextInt();
    }
  }

  /** The median of the second half, in milliseconds. */
  static double medianOfLastHalf(long[] nanos) {
    long[] tail = Arrays.copyOfRange(nanos, nanos.length / 2, nanos.length);
    Arrays.sort(tail);
    return tail[tail.length / 2] / 1e6;
  }
}
