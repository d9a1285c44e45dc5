package org.engram.driver.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The commit's and checkpoints' file operations, through java.nio and through Hadoop alike. */
class OutputFilesTest {
  private static final Configuration CONF = new Configuration();

  /** A user's own {@code fs.file.impl}: Engram must go through it, not around it. */
  static final class CustomLocalFileSystem extends RawLocalFileSystem {}

  static Stream<String> kinds() {
    return Stream.of("java.nio", "Hadoop");
  }

  private static OutputFiles files(String kind, java.nio.file.Path dir) throws IOException {
    if (kind.equals("java.nio")) {
      return OutputFiles.of(OutputFileSystems.of(new Path(dir.toUri()), CONF));
    }
    return new HadoopOutputFiles(FileSystem.getLocal(CONF));
  }

  private static Path path(java.nio.file.Path p) {
    return new Path(p.toUri());
  }

  @Test
  void theLocalFileSystemsGoThroughJavaNioAndAnyOtherThroughHadoop(@TempDir java.nio.file.Path dir)
      throws IOException {
    assertInstanceOf(LocalOutputFiles.class, OutputFiles.of(OutputFileSystems.of(path(dir), CONF)));
    assertInstanceOf(LocalOutputFiles.class, OutputFiles.of(FileSystem.getLocal(CONF)));
    assertInstanceOf(
        LocalOutputFiles.class, OutputFiles.of(FileSystem.getLocal(CONF).getRawFileSystem()));
    FileSystem custom = new CustomLocalFileSystem();
    custom.initialize(dir.toUri(), CONF);
    assertInstanceOf(HadoopOutputFiles.class, OutputFiles.of(custom));
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void writesReadsAndDeletesWholeFilesCreatingTheirDirectories(
      String kind, @TempDir java.nio.file.Path dir) throws IOException {
    OutputFiles files = files(kind, dir);
    Path file = path(dir.resolve("a/b/f.bin"));
    assertFalse(files.exists(file));
    assertEquals(Optional.empty(), files.read(file));
    files.write(file, new byte[] {1, 2, 3});
    assertTrue(files.exists(file));
    assertArrayEquals(new byte[] {1, 2, 3}, files.read(file).orElseThrow());
    files.write(file, new byte[] {4});
    assertArrayEquals(new byte[] {4}, Files.readAllBytes(dir.resolve("a/b/f.bin")));
    files.delete(file);
    assertFalse(Files.exists(dir.resolve("a/b/f.bin")));
    files.delete(file); // nothing there: no error
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void replaceMovesAFileOverAnotherIntoANewDirectoryOrFailsWithoutASource(
      String kind, @TempDir java.nio.file.Path dir) throws IOException {
    OutputFiles files = files(kind, dir);
    Path staged = path(dir.resolve("_staging/x.1"));
    Path target = path(dir.resolve("table/x.parquet"));
    files.write(staged, new byte[] {1});
    files.replace(staged, target);
    assertFalse(Files.exists(dir.resolve("_staging/x.1")));
    assertArrayEquals(new byte[] {1}, Files.readAllBytes(dir.resolve("table/x.parquet")));

    Path again = path(dir.resolve("_staging/x.2"));
    files.write(again, new byte[] {2});
    files.replace(again, target);
    assertArrayEquals(new byte[] {2}, Files.readAllBytes(dir.resolve("table/x.parquet")));

    assertThrows(IOException.class, () -> files.replace(path(dir.resolve("_staging/no")), target));
    assertArrayEquals(new byte[] {2}, Files.readAllBytes(dir.resolve("table/x.parquet")));
  }

  @Test
  void replacingOrDeletingDropsAStaleChecksumThatHadoopsReadersWouldCheck(
      @TempDir java.nio.file.Path dir) throws IOException {
    OutputFiles files = files("java.nio", dir);
    FileSystem checksummed = FileSystem.getLocal(CONF); // writes .crc files, as Engram once did
    Path target = path(dir.resolve("t/x.parquet"));
    try (var out = checksummed.create(target, true)) {
      out.write(new byte[] {9, 9});
    }
    assertTrue(Files.exists(dir.resolve("t/.x.parquet.crc")));
    Path staged = path(dir.resolve("_staging/x"));
    files.write(staged, new byte[] {1, 2, 3});
    files.replace(staged, target);
    assertFalse(Files.exists(dir.resolve("t/.x.parquet.crc")));
    try (var in = checksummed.open(target)) {
      assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
    }

    try (var out = checksummed.create(target, true)) {
      out.write(new byte[] {9});
    }
    files.delete(target);
    assertFalse(Files.exists(dir.resolve("t/.x.parquet.crc")));
  }

  @Test
  void filesAndDirectoriesGetHadoopsPermissions(@TempDir java.nio.file.Path dir)
      throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.permissions.umask-mode", "077");
    FileSystem raw = new RawLocalFileSystem();
    raw.initialize(dir.toUri(), conf);
    OutputFiles files = OutputFiles.of(raw);
    files.write(path(dir.resolve("d/f")), new byte[] {1});
    assertEquals(
        PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(dir.resolve("d/f")));
    assertEquals(
        PosixFilePermissions.fromString("rwx------"),
        Files.getPosixFilePermissions(dir.resolve("d")));
  }
}
