package org.engram.driver.run;

import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.engram.driver.sink.AttemptTokens;
import org.engram.driver.sink.OutputFiles;
import org.engram.train.CheckpointStore;

/**
 * Checkpoints on the output's file system, one file per trial ({@code checkpoints/<id>.ckpt}), so a
 * task retried on another executor resumes where the lost one stopped. A save writes a private
 * temporary file and renames it over the old one, which is atomic where the file system's rename is
 * (local disks, HDFS).
 */
public final class OutputCheckpointStore implements CheckpointStore {
  private final OutputFiles files;
  private final Path dir;
  private final Path tmpDir;
  private final double minSecondsBetweenSaves;

  /** A store that takes every checkpoint that is due. */
  public OutputCheckpointStore(OutputFiles files, Path dir) {
    this(files, dir, 0);
  }

  /**
   * @param minSecondsBetweenSaves {@code run.minCheckpointSeconds} (see {@link
   *     CheckpointStore#minSecondsBetweenSaves})
   */
  public OutputCheckpointStore(OutputFiles files, Path dir, double minSecondsBetweenSaves) {
    this.files = files;
    this.dir = dir;
    this.tmpDir = new Path(dir, "_tmp");
    this.minSecondsBetweenSaves = minSecondsBetweenSaves;
  }

  @Override
  public double minSecondsBetweenSaves() {
    return minSecondsBetweenSaves;
  }

  @Override
  public Optional<byte[]> load(String trialId) throws IOException {
    return files.read(new Path(dir, fileName(trialId)));
  }

  @Override
  public void save(String trialId, byte[] checkpoint) throws IOException {
    String tmp = trialId + "." + AttemptTokens.next();
    files.write(tmpDir, tmp, checkpoint);
    files.replace(tmpDir, tmp, dir, fileName(trialId));
  }

  @Override
  public void delete(String trialId) throws IOException {
    files.delete(dir, fileName(trialId));
  }

  private static String fileName(String trialId) {
    return trialId + ".ckpt";
  }
}
