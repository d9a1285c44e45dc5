package org.engram.driver.run;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
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

  public OutputCheckpointStore(OutputFiles files, Path dir) {
    this.files = files;
    this.dir = dir;
  }

  @Override
  public Optional<byte[]> load(String trialId) throws IOException {
    return files.read(file(trialId));
  }

  @Override
  public void save(String trialId, byte[] checkpoint) throws IOException {
    Path tmp = new Path(new Path(dir, "_tmp"), trialId + "." + UUID.randomUUID());
    files.write(tmp, checkpoint);
    files.replace(tmp, file(trialId));
  }

  @Override
  public void delete(String trialId) throws IOException {
    files.delete(file(trialId));
  }

  private Path file(String trialId) {
    return new Path(dir, trialId + ".ckpt");
  }
}
