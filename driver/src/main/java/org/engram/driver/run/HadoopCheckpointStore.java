package org.engram.driver.run;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.engram.driver.sink.OutputLayout;
import org.engram.train.CheckpointStore;

/**
 * Checkpoints on the output's file system, one file per trial ({@code checkpoints/<id>.ckpt}), so a
 * task retried on another executor resumes where the lost one stopped. A save writes a private
 * temporary file and renames it over the old one, which is atomic where the file system's rename is
 * (local disks, HDFS).
 */
public final class HadoopCheckpointStore implements CheckpointStore {
  private final FileSystem fs;
  private final Path dir;

  public HadoopCheckpointStore(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  @Override
  public Optional<byte[]> load(String trialId) throws IOException {
    try (InputStream in = fs.open(file(trialId))) {
      return Optional.of(in.readAllBytes());
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public void save(String trialId, byte[] checkpoint) throws IOException {
    Path tmp = new Path(new Path(dir, "_tmp"), trialId + "." + UUID.randomUUID());
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(checkpoint);
    }
    OutputLayout.replace(fs, tmp, file(trialId));
  }

  @Override
  public void delete(String trialId) throws IOException {
    fs.delete(file(trialId), false);
  }

  private Path file(String trialId) {
    return new Path(dir, trialId + ".ckpt");
  }
}
