package org.engram.driver.sink;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.engram.driver.sink.OutputFileSystems.NioRawLocalFileSystem;

/**
 * {@link OutputFiles} on a local disk through {@code java.nio} (why: see {@link OutputFiles}).
 *
 * <p>What Hadoop's {@code LocalFileSystem} would do besides is kept: files and directories get the
 * permissions Hadoop would give them ({@code fs.permissions.umask-mode}), a file's directory is
 * created on demand, and replacing or deleting a file also drops its {@code .crc} sibling, which
 * outputs written before Engram stopped writing checksums may still hold (a stale one would make
 * Hadoop's checksummed readers, Spark's among them, reject the new file).
 */
final class LocalOutputFiles implements OutputFiles {
  private final FileSystem fs;
  private final Set<PosixFilePermission> filePermissions;
  private final Set<PosixFilePermission> dirPermissions;

  /**
   * @param fs the local file system: its working directory resolves relative paths, its
   *     configuration gives the permissions
   */
  LocalOutputFiles(FileSystem fs) {
    this.fs = fs;
    FsPermission umask = FsPermission.getUMask(fs.getConf());
    this.filePermissions =
        NioRawLocalFileSystem.posix(FsPermission.getFileDefault().applyUMask(umask));
    this.dirPermissions =
        NioRawLocalFileSystem.posix(FsPermission.getDirDefault().applyUMask(umask));
  }

  @Override
  public void write(Path file, byte[] bytes) throws IOException {
    java.nio.file.Path f = local(file);
    try {
      Files.write(f, bytes);
    } catch (NoSuchFileException e) {
      createDirectories(f.getParent());
      Files.write(f, bytes);
    }
    setPermissions(f, filePermissions);
  }

  @Override
  public void replace(Path from, Path to) throws IOException {
    java.nio.file.Path source = local(from);
    java.nio.file.Path target = local(to);
    try {
      move(source, target);
    } catch (NoSuchFileException e) {
      if (!Files.exists(source)) {
        throw e;
      }
      createDirectories(target.getParent());
      move(source, target);
    }
    Files.deleteIfExists(checksumOf(target));
  }

  /** rename(2): replaces the target atomically. */
  private static void move(java.nio.file.Path source, java.nio.file.Path target)
      throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public boolean exists(Path file) {
    return Files.exists(local(file));
  }

  @Override
  public void delete(Path file) throws IOException {
    java.nio.file.Path f = local(file);
    if (Files.deleteIfExists(f)) {
      Files.deleteIfExists(checksumOf(f));
    }
  }

  @Override
  public Optional<byte[]> read(Path file) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(local(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Creates a directory and its missing parents, each with Hadoop's permissions. */
  private void createDirectories(java.nio.file.Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    createDirectories(dir.getParent());
    try {
      Files.createDirectory(dir);
      setPermissions(dir, dirPermissions);
    } catch (FileAlreadyExistsException e) {
      // made by another task in between
    }
  }

  private static void setPermissions(java.nio.file.Path p, Set<PosixFilePermission> permissions)
      throws IOException {
    try {
      Files.setPosixFilePermissions(p, permissions);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: it has no such permissions to set
    }
  }

  private java.nio.file.Path local(Path p) {
    return Paths.get(fs.makeQualified(p).toUri());
  }

  /** Hadoop's checksum file of {@code f}: {@code .<name>.crc} beside it. */
  private static java.nio.file.Path checksumOf(java.nio.file.Path f) {
    return f.resolveSibling("." + f.getFileName() + ".crc");
  }
}
