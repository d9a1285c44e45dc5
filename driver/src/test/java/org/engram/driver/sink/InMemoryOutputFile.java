package org.engram.driver.sink;

import java.io.ByteArrayOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output file in memory: a trial's files are a few kilobytes each, so they are encoded
 * whole and then written with one call each (see {@link OutputFiles}).
 */
final class InMemoryOutputFile implements OutputFile {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);

  /** What was written. */
  byte[] toByteArray() {
    return bytes.toByteArray();
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    return stream();
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    bytes.reset();
    return stream();
  }

  private PositionOutputStream stream() {
    return new PositionOutputStream() {
      @Override
      public long getPos() {
        return bytes.size();
      }

      @Override
      public void write(int b) {
        bytes.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
      }
    };
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return "memory";
  }
}
