package org.engram.driver.run;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.engram.driver.sink.OutputLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per output: {@code <output>/_lock}, created atomically (O_EXCL on a local disk,
 * {@code create(overwrite=false)} on HDFS), holding the run id, host and pid of its holder. Two
 * drivers on one output would each write a manifest, skip by a stale view of the tables and retry
 * each other's trials; the second one refuses instead, naming the holder.
 *
 * <p>A lock left by a killed driver on this host (its pid is gone) is taken over, so re-running a
 * killed command just works; one from another host cannot be checked and is reported with how to
 * clear it. The name starts with {@code _}, so table readers skip it.
 */
public final class OutputLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
  static final String NAME = "_lock";

  private final FileSystem fs;
  private final Path path;
  private final String runId;

  private OutputLock(FileSystem fs, Path path, String runId) {
    this.fs = fs;
    this.path = path;
    this.runId = runId;
  }

  /** A run refused because another holds the output. */
  public static final class HeldException extends IOException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  /**
   * Takes the lock of an output for a run.
   *
   * @throws HeldException if a live run holds it, naming that run and how to clear a stale lock
   */
  public static OutputLock acquire(FileSystem fs, OutputLayout layout, String runId)
      throws IOException {
    Path path = new Path(layout.root(), NAME);
    String me = describe(runId);
    if (tryCreate(fs, path, me)) {
      return new OutputLock(fs, path, runId);
    }
    Properties holder = read(fs, path);
    if (isDeadHereProcess(holder)) {
      // Killed driver on this host: its lock protects nothing any more.
      LOG.warn("taking over the lock {} of a driver that is gone: {}", path, holder);
      fs.delete(path, false);
      if (tryCreate(fs, path, me)) {
        return new OutputLock(fs, path, runId);
      }
      holder = read(fs, path);
    }
    throw new HeldException(
        "output "
            + layout.root()
            + " is in use by run "
            + holder.getProperty("run_id", "?")
            + " (pid "
            + holder.getProperty("pid", "?")
            + " on "
            + holder.getProperty("host", "?")
            + ", since "
            + holder.getProperty("started", "?")
            + "); wait for it, or if that run is dead delete "
            + path);
  }

  /** Releases the lock if it is still this run's. */
  @Override
  public void close() throws IOException {
    if (runId.equals(read(fs, path).getProperty("run_id"))) {
      fs.delete(path, false);
    }
  }

  private static boolean tryCreate(FileSystem fs, Path path, String content) throws IOException {
    fs.mkdirs(path.getParent());
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      // Hadoop's local create(overwrite=false) checks, then creates: not atomic. O_EXCL is.
      java.nio.file.Path file = java.nio.file.Path.of(fs.makeQualified(path).toUri());
      try {
        Files.write(file, bytes, java.nio.file.StandardOpenOption.CREATE_NEW);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(path, false)) {
      out.write(bytes);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static Properties read(FileSystem fs, Path path) throws IOException {
    Properties p = new Properties();
    try (InputStream in = fs.open(path)) {
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      // Released meanwhile: an empty holder.
    }
    return p;
  }

  private static boolean isDeadHereProcess(Properties holder) {
    String pid = holder.getProperty("pid");
    if (pid == null || !Workers.host().equals(holder.getProperty("host"))) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(h -> !h.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String describe(String runId) {
    return "run_id="
        + runId
        + "\npid="
        + ProcessHandle.current().pid()
        + "\nhost="
        + Workers.host()
        + "\nstarted="
        + java.time.Instant.now()
        + "\njvm="
        + ManagementFactory.getRuntimeMXBean().getName()
        + "\n";
  }
}
