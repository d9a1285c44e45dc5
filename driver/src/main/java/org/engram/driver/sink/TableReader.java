package org.engram.driver.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the committed tables of an output with Spark SQL. {@code evals} and {@code curves} are
 * semi-joined to {@code trials}, so a trial whose commit was cut short (its {@code trials} file not
 * yet renamed) is invisible in every table.
 */
public final class TableReader {
  private final SparkSession spark;
  private final OutputLayout layout;
  private final Set<String> checked = new HashSet<>(); // tables whose files were checked

  public TableReader(SparkSession spark, OutputLayout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  /**
   * A reader of {@code tables}, whose files the caller has just checked with {@link
   * #checkFiles(OutputLayout, List, Configuration)} before starting Spark (so that a bad file is
   * named at once): it does not read their footers a second time. Files committed in between are
   * whole (a commit renames complete files into place).
   */
  public static TableReader afterCheck(
      SparkSession spark, OutputLayout layout, List<Table> tables) {
    TableReader reader = new TableReader(spark, layout);
    tables.forEach(t -> reader.checked.add(t.name()));
    return reader;
  }

  public SparkSession spark() {
    return spark;
  }

  public OutputLayout layout() {
    return layout;
  }

  /** A committed table; an empty one with the right schema if nothing was written yet. */
  public Dataset<Row> table(Table table) {
    Dataset<Row> trials = raw(Tables.trials());
    return table.name().equals(Tables.TRIALS) ? trials : committedOnly(raw(table), trials);
  }

  /**
   * Registers {@code trials}, {@code evals}, {@code curves} and {@code rules} as temporary views of
   * one snapshot: {@code trials} is listed once, first, and the others are joined to that same
   * listing. A second listing of {@code trials} for the join would let a commit that lands in
   * between show its evals without its trials row (found by DriverKillTest's polling reader).
   */
  public void registerViews() {
    checkFiles(Tables.all());
    Dataset<Row> trials = raw(Tables.trials());
    trials.createOrReplaceTempView(Tables.TRIALS);
    for (Table t : List.of(Tables.evals(), Tables.curves(), Tables.rules())) {
      // Listed after trials: every trial in the snapshot has all its rows here (they are renamed
      // into place before its trials file), and the join drops rows of later commits.
      committedOnly(raw(t), trials).createOrReplaceTempView(t.name());
    }
  }

  private static Dataset<Row> committedOnly(Dataset<Row> rows, Dataset<Row> trials) {
    Dataset<Row> ids = trials.select(Tables.TRIAL_ID);
    return rows.join(ids, rows.col(Tables.TRIAL_ID).equalTo(ids.col(Tables.TRIAL_ID)), "left_semi");
  }

  /**
   * The status of every committed trial, by id.
   *
   * @throws CorruptTableException naming every unreadable file of {@code tables}
   */
  public Map<String, String> committedStatus(List<Table> tables) {
    checkFiles(tables);
    Map<String, String> out = new HashMap<>();
    if (!hasFiles(layout.table(Tables.TRIALS))) {
      // A new output: nothing is committed, and no Spark query is needed (the first one in a
      // driver JVM takes seconds of planning and code generation, all of it before the first
      // trial).
      return out;
    }
    for (Row r : raw(Tables.trials()).select(Tables.TRIAL_ID, Tables.STATUS).collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  /** {@link #committedStatus(List)} checking only the {@code trials} files. */
  public Map<String, String> committedStatus() {
    return committedStatus(List.of(Tables.trials()));
  }

  /**
   * Reads every file's footer, which a truncated or foreign file fails, so that a bad file is
   * reported by name before Spark's own failure (a stack of task errors) or a run that would skip
   * past it. Once per table and reader.
   *
   * @throws CorruptTableException naming every unreadable file
   */
  public void checkFiles(List<Table> tables) {
    List<Table> unchecked = tables.stream().filter(t -> !checked.contains(t.name())).toList();
    checkFiles(layout, unchecked, spark.sparkContext().hadoopConfiguration());
    unchecked.forEach(t -> checked.add(t.name()));
  }

  /** As {@link #checkFiles(List)}, before any Spark session exists. */
  public static void checkFiles(OutputLayout layout, List<Table> tables, Configuration conf) {
    List<String> bad = new ArrayList<>();
    for (Table t : tables) {
      Path dir = layout.table(t.name());
      for (Path file : parquetFiles(dir, conf)) {
        try {
          Footers.read(file, conf);
        } catch (IOException | RuntimeException e) {
          bad.add(file + " (" + firstLine(e.getMessage()) + ")");
        }
      }
    }
    if (!bad.isEmpty()) {
      throw new CorruptTableException(bad);
    }
  }

  private static String firstLine(String s) {
    return s == null ? "unreadable" : s.strip().lines().findFirst().orElse("unreadable");
  }

  private static List<Path> parquetFiles(Path dir, Configuration conf) {
    List<Path> files = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (fs.exists(dir)) {
        for (var s : fs.listStatus(dir)) {
          if (s.isFile() && s.getPath().getName().endsWith(".parquet")) {
            files.add(s.getPath());
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + dir, e);
    }
    return files;
  }

  private Dataset<Row> raw(Table table) {
    Path dir = layout.table(table.name());
    if (!hasFiles(dir)) {
      return spark.createDataFrame(List.of(), table.sparkSchema());
    }
    return spark.read().schema(table.sparkSchema()).parquet(dir.toString());
  }

  private boolean hasFiles(Path dir) {
    return !parquetFiles(dir, spark.sparkContext().hadoopConfiguration()).isEmpty();
  }
}
