package org.engram.driver.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engram's own local writes: no forked chmod, no .crc, and stale .crc files dropped. */
class OutputFileSystemsTest {
  private final Configuration conf = new Configuration();

  @Test
  void aLocalOutputGetsTheJavaNioFileSystemOnceAndOthersTheirOwn(@TempDir java.nio.file.Path dir)
      throws IOException {
    Path out = new Path(dir.toUri());
    FileSystem fs = OutputFileSystems.of(out, conf);
    assertInstanceOf(LocalFileSystem.class, fs);
    assertInstanceOf(
        OutputFileSystems.NioRawLocalFileSystem.class, ((LocalFileSystem) fs).getRawFileSystem());
    assertNotSame(out.getFileSystem(conf), fs, "Hadoop's cached instance is left as it is");
    assertSame(fs, OutputFileSystems.of(new Path(dir.resolve("x").toString()), conf));
  }

  @Test
  void setsHadoopsPermissionsWithoutChecksumFiles(@TempDir java.nio.file.Path dir)
      throws IOException {
    FileSystem fs = OutputFileSystems.of(new Path(dir.toUri()), conf);
    Path file = new Path(dir.resolve("sub/f.bin").toUri());
    try (OutputStream out = fs.create(file, true)) {
      out.write(new byte[] {1, 2, 3});
    }
    FsPermission umask = FsPermission.getUMask(conf);
    assertEquals(
        OutputFileSystems.NioRawLocalFileSystem.posix(
            FsPermission.getFileDefault().applyUMask(umask)),
        Files.getPosixFilePermissions(dir.resolve("sub/f.bin")));
    assertEquals(
        OutputFileSystems.NioRawLocalFileSystem.posix(
            FsPermission.getDirDefault().applyUMask(umask)),
        Files.getPosixFilePermissions(dir.resolve("sub")));
    assertFalse(Files.exists(dir.resolve("sub/.f.bin.crc")));
    fs.setPermission(file, new FsPermission((short) 0640));
    assertEquals(
        PosixFilePermissions.fromString("rw-r-----"),
        Files.getPosixFilePermissions(dir.resolve("sub/f.bin")));
  }

  @Test
  void permissionBitsMapToPosixOnes() {
    assertEquals(
        PosixFilePermissions.fromString("rwxr-xr--"),
        OutputFileSystems.NioRawLocalFileSystem.posix(new FsPermission((short) 0754)));
    assertEquals(
        PosixFilePermissions.fromString("-w---x-w-"),
        OutputFileSystems.NioRawLocalFileSystem.posix(new FsPermission((short) 0212)));
  }

  @Test
  void replacingAFileDropsItsStaleChecksumSoHadoopStillReadsIt(@TempDir java.nio.file.Path dir)
      throws IOException {
    // An older commit through Hadoop's own local file system left a .crc next to the file.
    Path target = new Path(dir.resolve("trials/t.parquet").toUri());
    FileSystem hadoop = target.getFileSystem(conf);
    try (OutputStream out = hadoop.create(target, true)) {
      out.write("old contents".getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(Files.exists(dir.resolve("trials/.t.parquet.crc")));

    FileSystem fs = OutputFileSystems.of(target, conf);
    Path staged = new Path(dir.resolve("_staging/t.1.trials").toUri());
    byte[] fresh = "new and longer contents".getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = fs.create(staged, true)) {
      out.write(fresh);
    }
    OutputLayout.replace(fs, staged, target);

    assertFalse(Files.exists(dir.resolve("trials/.t.parquet.crc")), "the stale checksum is gone");
    try (InputStream in = hadoop.open(target)) {
      assertArrayEquals(fresh, in.readAllBytes(), "read back through the checksumming one");
    }
  }
}
