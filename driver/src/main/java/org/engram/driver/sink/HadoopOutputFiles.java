package org.engram.driver.sink;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** {@link OutputFiles} through a Hadoop {@link FileSystem}: for HDFS, S3A and the like. */
final class HadoopOutputFiles implements OutputFiles {
  private final FileSystem fs;

  HadoopOutputFiles(FileSystem fs) {
    this.fs = fs;
  }

  @Override
  public void write(Path file, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(bytes);
    }
  }

  @Override
  public void replace(Path from, Path to) throws IOException {
    OutputLayout.replace(fs, from, to);
  }

  @Override
  public boolean exists(Path file) throws IOException {
    return fs.exists(file);
  }

  @Override
  public void delete(Path file) throws IOException {
    fs.delete(file, false);
  }

  @Override
  public Optional<byte[]> read(Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return Optional.of(in.readAllBytes());
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }
}
