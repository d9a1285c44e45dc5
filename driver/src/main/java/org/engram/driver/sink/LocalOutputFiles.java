package org.engram.driver.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  /** Directories as {@code java.nio} paths: a committer names its files in a few of them. */
  private final Map<Path, java.nio.file.Path> dirs = new ConcurrentHashMap<>();

  /** Per directory, whether the files created there get {@link #filePermissions} as they are. */
  private final Map<java.nio.file.Path, Boolean> createdRight = new ConcurrentHashMap<>();

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
    write(local(file), bytes);
  }

  @Override
  public void write(Path dir, String name, byte[] bytes) throws IOException {
    write(localDir(dir).resolve(name), bytes);
  }

  /**
   * Writes {@code f} and gives it Hadoop's file permissions. A file this creates has them already
   * where the process's umask gives them (checked on its first new file in each directory, whose
   * default ACL, if any, applies as well), so the chmod is skipped; a file that was there keeps its
   * mode on being rewritten, so it is always set.
   */
  private void write(java.nio.file.Path f, byte[] bytes) throws IOException {
    boolean created = true;
    try {
      writeNew(f, bytes);
    } catch (NoSuchFileException e) {
      createDirectories(f.getParent());
      writeNew(f, bytes);
    } catch (FileAlreadyExistsException e) {
      Files.write(f, bytes);
      created = false;
    }
    if (!created || !createdWithFilePermissions(f)) {
      setPermissions(f, filePermissions);
    }
  }

  private static void writeNew(java.nio.file.Path f, byte[] bytes) throws IOException {
    try (FileChannel out =
        FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        out.write(b);
      }
    }
  }

  /** Whether files created in {@code f}'s directory get Hadoop's permissions as they are made. */
  private boolean createdWithFilePermissions(java.nio.file.Path f) throws IOException {
    java.nio.file.Path dir = f.getParent();
    Boolean known = createdRight.get(dir);
    if (known == null) {
      try {
        known = Files.getPosixFilePermissions(f).equals(filePermissions);
      } catch (UnsupportedOperationException e) {
        known = true; // not a POSIX file system: it has no such permissions to set
      }
      createdRight.put(dir, known);
    }
    return known;
  }

  @Override
  public void replace(Path from, Path to) throws IOException {
    replace(local(from), local(to));
  }

  @Override
  public void replace(Path fromDir, String fromName, Path toDir, String toName) throws IOException {
    replace(localDir(fromDir).resolve(fromName), localDir(toDir).resolve(toName));
  }

  private void replace(java.nio.file.Path source, java.nio.file.Path target) throws IOException {
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
  public boolean exists(Path dir, String name) {
    return Files.exists(localDir(dir).resolve(name));
  }

  @Override
  public void delete(Path file) throws IOException {
    delete(local(file));
  }

  @Override
  public void delete(Path dir, String name) throws IOException {
    delete(localDir(dir).resolve(name));
  }

  private static void delete(java.nio.file.Path f) throws IOException {
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

  /** {@link #local} of a directory, resolved once. */
  private java.nio.file.Path localDir(Path dir) {
    return dirs.computeIfAbsent(dir, this::local);
  }

  /** Hadoop's checksum file of {@code f}: {@code .<name>.crc} beside it. */
  private static java.nio.file.Path checksumOf(java.nio.file.Path f) {
    return f.resolveSibling("." + f.getFileName() + ".crc");
  }
}
