package org.engram.driver.sink;

import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The whole-file operations of a trial's commit and checkpoints, on an output's file system.
 *
 * <p>Why not Hadoop's {@link FileSystem} throughout: on a local disk its layers (statistics,
 * buffered and checksummed streams, the checks around a create and a rename) cost more CPU than the
 * files themselves, and a one-core executor takes that CPU from its trials. Measured on the 2-core
 * VM (27 Nov) in a JVM with a one-core executor's options, pinned, with 32 MB of memory touched
 * between commits as a trial would: a smoke trial's commit took a median 2.8 CPU-ms against 3.6
 * when Parquet streamed into Hadoop's streams (ten alternating pairs, the new one lower in all
 * ten); {@code engram bench-commit}, which encodes the files in memory on both paths, gives
 * java.nio 0.88x Hadoop's CPU for a commit and 0.62x for a checkpoint save. So on the local file
 * system these go through {@code java.nio} ({@link LocalOutputFiles}); on any other (HDFS, S3A, a
 * configured {@code fs.file.impl}) through Hadoop ({@link HadoopOutputFiles}).
 */
public interface OutputFiles {

  /** Writes a whole file, replacing any there, creating its directory if needed. */
  void write(Path file, byte[] bytes) throws IOException;

  /**
   * Moves a complete file into place, replacing what is there, creating the target's directory if
   * needed. Atomic on local disks and HDFS: a reader sees the old file or the new one, never half
   * of one (see {@link OutputLayout#replace} for a file system that will not rename onto a file).
   */
  void replace(Path from, Path to) throws IOException;

  boolean exists(Path file) throws IOException;

  /** Deletes a file if it is there. */
  void delete(Path file) throws IOException;

  /** A whole file's bytes; empty if there is no such file. */
  Optional<byte[]> read(Path file) throws IOException;

  /*
   * The same by directory and name. A commit names its files in a few directories that do not
   * change; an implementation may resolve each directory once (the local one does: a Hadoop path's
   * construction and qualification parse and normalise it with regular expressions and URIs, and
   * in a one-core executor that code runs interpreted for hundreds of trials).
   */

  /** {@link #write(Path, byte[])} of {@code dir/name}. */
  default void write(Path dir, String name, byte[] bytes) throws IOException {
    write(new Path(dir, name), bytes);
  }

  /** {@link #replace(Path, Path)} of {@code fromDir/fromName} to {@code toDir/toName}. */
  default void replace(Path fromDir, String fromName, Path toDir, String toName)
      throws IOException {
    replace(new Path(fromDir, fromName), new Path(toDir, toName));
  }

  /** {@link #exists(Path)} of {@code dir/name}. */
  default boolean exists(Path dir, String name) throws IOException {
    return exists(new Path(dir, name));
  }

  /** {@link #delete(Path)} of {@code dir/name}. */
  default void delete(Path dir, String name) throws IOException {
    delete(new Path(dir, name));
  }

  /** The operations for {@code fs}: {@code java.nio} on Hadoop's own local file systems. */
  static OutputFiles of(FileSystem fs) {
    Class<?> c = fs.getClass();
    boolean local =
        c == LocalFileSystem.class
            || c == RawLocalFileSystem.class
            || c == OutputFileSystems.NioRawLocalFileSystem.class;
    return local ? new LocalOutputFiles(fs) : through(fs);
  }

  /** The operations through Hadoop's own {@code fs}, whatever it is (for comparisons). */
  public static OutputFiles through(FileSystem fs) {
    return new HadoopOutputFiles(fs);
  }
}
