package org.engram.driver.sink;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where things live under a run's output (a local path or any Hadoop URI):
 *
 * <pre>
 *   trials/&lt;trial_id&gt;.parquet    one file per trial, written last: a trial is committed when it exists
 *   evals/&lt;trial_id&gt;.parquet     its evaluated difficulties
 *   curves/&lt;trial_id&gt;.parquet    its training curve
 *   runs/&lt;run_id&gt;.json           one manifest per run
 *   checkpoints/&lt;trial_id&gt;.ckpt  checkpoints of trials in progress
 *   _staging/                     files being written; renamed into place when complete
 * </pre>
 *
 * Names starting with {@code _} or {@code .} are skipped by Spark's readers, so nothing under
 * {@code _staging} is ever read.
 *
 * @param root the output directory
 */
public record OutputLayout(Path root) {

  public static final String STAGING = "_staging";

  public OutputLayout {
    if (root == null) {
      throw new IllegalArgumentException("output must not be null");
    }
  }

  /** The layout of an output given as a path or URI. */
  public static OutputLayout of(String output) {
    return new OutputLayout(new Path(output));
  }

  public Path table(String table) {
    return new Path(root, table);
  }

  /** The committed file of a trial in a table. */
  public Path tableFile(String table, String trialId) {
    return new Path(table(table), tableFileName(trialId));
  }

  /** The name of a trial's committed file in each table's directory. */
  public static String tableFileName(String trialId) {
    return trialId + ".parquet";
  }

  public Path staging() {
    return new Path(root, STAGING);
  }

  public Path checkpoints() {
    return new Path(root, "checkpoints");
  }

  public Path runs() {
    return new Path(root, "runs");
  }

  /**
   * Deletes what killed attempts left in {@code _staging} more than {@code maxAgeMillis} ago (a
   * live attempt writes there only while it commits, for seconds).
   *
   * @return the number of entries deleted
   */
  public int cleanStaging(FileSystem fs, long maxAgeMillis) throws IOException {
    if (!fs.exists(staging())) {
      return 0;
    }
    long cutoff = System.currentTimeMillis() - maxAgeMillis;
    int n = 0;
    for (var s : fs.listStatus(staging())) {
      if (s.getModificationTime() < cutoff && fs.delete(s.getPath(), true)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Moves a complete file into place, replacing what is there. On HDFS and local disks a rename
   * within one file system is atomic, so a reader sees the old file or the new one. Where the file
   * system refuses to rename onto an existing file (HDFS), the old one is deleted first: a reader
   * may then briefly see neither, never half of one.
   */
  public static void replace(FileSystem fs, Path from, Path to) throws IOException {
    fs.mkdirs(to.getParent());
    if (fs.rename(from, to)) {
      return;
    }
    if (fs.exists(to)) {
      fs.delete(to, false);
      if (fs.rename(from, to)) {
        return;
      }
    }
    throw new IOException("cannot rename " + from + " to " + to);
  }
}
