package org.engram.driver.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The file system of an output, for the files Engram writes itself (a trial's commit, checkpoints,
 * manifests, the lock).
 *
 * <p>Without Hadoop's native library (the usual case: no Hadoop install), Hadoop's {@link
 * LocalFileSystem} sets the permissions of every file and directory it creates by forking {@code
 * chmod}: two processes per file (the file and its {@code .crc}), each costing milliseconds from a
 * large JVM. That was most of a trial's commit (four Parquet files: about 55 of 70 ms, measured on
 * the 2-core VM) and of each checkpoint. On a local disk this returns a {@link LocalFileSystem}
 * (its rename and delete, which carry or drop {@code .crc} files, and checksum verification where a
 * {@code .crc} exists) over a raw file system that sets the same permissions through {@code
 * java.nio}, with no process, and that writes no {@code .crc} files: they would double the files
 * created and renamed per commit, and Parquet checksums its own pages. Any other file system (HDFS,
 * a configured {@code fs.file.impl}) is returned as it is.
 *
 * <p>Like Hadoop's own cache, the local instance keeps the configuration of its first caller.
 */
public final class OutputFileSystems {
  private static LocalFileSystem local;

  private OutputFileSystems() {}

  /** The file system of {@code path} for Engram's own writes (see the class comment). */
  public static FileSystem of(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    if (fs.getClass() != LocalFileSystem.class) {
      return fs;
    }
    return local(fs, conf);
  }

  private static synchronized LocalFileSystem local(FileSystem like, Configuration conf)
      throws IOException {
    if (local == null) {
      LocalFileSystem fs = new LocalFileSystem(new NioRawLocalFileSystem());
      fs.initialize(like.getUri(), conf);
      fs.setWriteChecksum(false);
      local = fs;
    }
    return local;
  }

  /** Hadoop's raw local file system, setting permissions with {@code java.nio}. */
  static final class NioRawLocalFileSystem extends RawLocalFileSystem {
    /** Bit {@code i} of a permission's {@code toShort()}, from others' execute up. */
    private static final PosixFilePermission[] BITS = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission); // not a POSIX file system: Hadoop's own way
      }
    }

    /** The rwx bits of a permission (Hadoop's sticky bit has no place in a local file's mode). */
    static Set<PosixFilePermission> posix(FsPermission permission) {
      short bits = permission.toShort();
      Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
      for (int i = 0; i < BITS.length; i++) {
        if ((bits & (1 << i)) != 0) {
          set.add(BITS[i]);
        }
      }
      return set;
    }
  }
}
