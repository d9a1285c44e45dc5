package org.engram.driver.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Checks of the command line's paths and master, made before Spark starts so that a typo fails in a
 * second with a message naming the option, not after a session (or a cluster job) has begun. Only
 * local paths are checked; another file system (hdfs://, s3a://) is left to Hadoop, which names the
 * path when it fails.
 */
final class Locations {
  /** The master URLs Spark accepts (SparkContext.createTaskScheduler). */
  private static final Pattern MASTER =
      Pattern.compile(
          "local|local\\[(\\*|\\d+)(,\\d+)?]|local-cluster\\[\\d+,\\d+,\\d+]|spark://.+|yarn"
              + "|k8s://.+|mesos://.+");

  private Locations() {}

  static void checkMaster(String master) {
    if (master != null && !MASTER.matcher(master).matches()) {
      throw new UsageException(
          "--master: expected local[N], local[*], spark://HOST:PORT, yarn or k8s://URL, got '"
              + master
              + "'");
    }
  }

  /**
   * An output a run can write: an existing writable directory, or a path whose nearest existing
   * ancestor is one (the run creates the rest). Creates nothing.
   */
  static void checkOutput(String output) {
    checkOutput(output, "--output");
  }

  /** As {@link #checkOutput(String)}, naming {@code option} in the message. */
  static void checkOutput(String output, String option) {
    Path p = local(output, option);
    if (p == null) {
      return;
    }
    if (Files.exists(p)) {
      if (!Files.isDirectory(p)) {
        throw new UsageException(
            option + " " + output + ": expected a directory, but it is a file");
      }
      if (!Files.isWritable(p)) {
        throw new UsageException(option + " " + output + ": expected a writable directory");
      }
      return;
    }
    Path parent = p.toAbsolutePath().getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
      throw new UsageException(
          option
              + " "
              + output
              + ": cannot be created, expected "
              + parent
              + " to be a writable directory");
    }
  }

  /** A results directory of earlier runs: it has {@code trials/} or {@code runs/}. */
  static void checkResults(String results) {
    Path p = local(results, "--results");
    if (p == null) {
      return;
    }
    if (!Files.isDirectory(p)) {
      throw new UsageException(
          "--results "
              + results
              + ": expected the output directory of a run, but it does not exist"
              + (Files.exists(p) ? " as a directory" : ""));
    }
    if (!Files.isDirectory(p.resolve("trials")) && !Files.isDirectory(p.resolve("runs"))) {
      throw new UsageException(
          "--results "
              + results
              + ": expected the output directory of a run (with trials/ or runs/ in it)");
    }
  }

  /**
   * A results directory with a {@code trials} table, checked as {@link #checkResults} and then for
   * {@code trials/} (a run that committed nothing yet has only {@code runs/}).
   */
  static void checkTrialsTable(String results) {
    checkResults(results);
    Path p = local(results, "--results");
    if (p != null && !Files.isDirectory(p.resolve("trials"))) {
      throw new UsageException(
          "--results " + results + ": no trials table (expected " + p.resolve("trials") + "/)");
    }
  }

  /** A directory this process writes with java.nio: a local path, never another file system. */
  static Path localOnly(String location, String option) {
    Path p = local(location, option);
    if (p == null) {
      throw new UsageException(option + " " + location + ": expected a local directory");
    }
    return p;
  }

  /** The local path of a path or URI, or null for another file system. */
  private static Path local(String location, String option) {
    if (location == null || location.isBlank()) {
      throw new UsageException(option + ": expected a directory, got an empty path");
    }
    org.apache.hadoop.fs.Path h = new org.apache.hadoop.fs.Path(location);
    String scheme = h.toUri().getScheme();
    if (scheme != null && !scheme.equals("file")) {
      return null;
    }
    return Path.of(h.toUri().getPath());
  }
}
