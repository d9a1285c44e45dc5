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

  @ParameterizedTest
  @MethodSource("kinds")
  void byDirectoryAndNameTheOperationsAreThoseOfTheWholePath(
      String kind, @TempDir java.nio.file.Path dir) throws IOException {
    OutputFiles files = files(kind, dir);
    Path staging = path(dir.resolve("_staging"));
    Path table = path(dir.resolve("table"));
    assertFalse(files.exists(staging, "x.1"));
    files.write(staging, "x.1", new byte[] {1});
    assertTrue(files.exists(staging, "x.1"));
    files.replace(staging, "x.1", table, "x.parquet");
    assertFalse(files.exists(staging, "x.1"));
    assertArrayEquals(new byte[] {1}, Files.readAllBytes(dir.resolve("table/x.parquet")));
    files.write(staging, "x.2", new byte[] {2});
    files.write(staging, "x.2", new byte[] {3, 4}); // rewritten whole
    files.replace(staging, "x.2", table, "x.parquet");
    assertArrayEquals(new byte[] {3, 4}, files.read(path(dir.resolve("table/x.parquet"))).get());
    assertThrows(IOException.class, () -> files.replace(staging, "none", table, "x.parquet"));
    files.delete(table, "x.parquet");
    assertFalse(Files.exists(dir.resolve("table/x.parquet")));
    files.delete(table, "x.parquet"); // nothing there: no error
  }

  @Test
  void everyFileGetsHadoopsPermissionsWhateverTheProcessUmaskGives(@TempDir java.nio.file.Path dir)
      throws IOException {
    // What this process's umask gives a new file, to pick a Hadoop umask that differs from it
    // and one that does not.
    java.nio.file.Path probe = Files.createFile(dir.resolve("probe"));
    String processGives = PosixFilePermissions.toString(Files.getPosixFilePermissions(probe));
    for (String umask : new String[] {"077", "022", "002"}) {
      Configuration conf = new Configuration();
      conf.set("fs.permissions.umask-mode", umask);
      FileSystem raw = new RawLocalFileSystem();
      raw.initialize(dir.toUri(), conf);
      OutputFiles files = OutputFiles.of(raw);
      String expected =
          PosixFilePermissions.toString(
              OutputFileSystems.NioRawLocalFileSystem.posix(
                  org.apache.hadoop.fs.permission.FsPermission.getFileDefault()
                      .applyUMask(new org.apache.hadoop.fs.permission.FsPermission(umask))));
      Path d = path(dir.resolve("u" + umask));
      for (String name : new String[] {"first", "second", "third"}) {
        files.write(d, name, new byte[] {1});
        assertEquals(
            expected,
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("u" + umask).resolve(name))),
            "umask " + umask + ", " + name + " (this process's umask gives " + processGives + ")");
      }
      // A file that was there keeps its mode on being rewritten: it is set again.
      java.nio.file.Path third = dir.resolve("u" + umask).resolve("third");
      Files.setPosixFilePermissions(third, PosixFilePermissions.fromString("rwxrwxrwx"));
      files.write(d, "third", new byte[] {2});
      assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(third)));
    }
  }
}
