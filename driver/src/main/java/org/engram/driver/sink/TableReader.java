package org.engram.driver.sink;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  public TableReader(SparkSession spark, OutputLayout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  /** A committed table; an empty one with the right schema if nothing was written yet. */
  public Dataset<Row> table(Table table) {
    Dataset<Row> raw = raw(table);
    if (table.name().equals(Tables.TRIALS)) {
      return raw;
    }
    Dataset<Row> ids = raw(Tables.trials()).select(Tables.TRIAL_ID);
    return raw.join(ids, raw.col(Tables.TRIAL_ID).equalTo(ids.col(Tables.TRIAL_ID)), "left_semi");
  }

  /** Registers {@code trials}, {@code evals} and {@code curves} as temporary views. */
  public void registerViews() {
    for (Table t : List.of(Tables.trials(), Tables.evals(), Tables.curves())) {
      table(t).createOrReplaceTempView(t.name());
    }
  }

  /** The status of every committed trial, by id. */
  public Map<String, String> committedStatus() {
    Map<String, String> out = new HashMap<>();
    for (Row r : raw(Tables.trials()).select(Tables.TRIAL_ID, Tables.STATUS).collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  private Dataset<Row> raw(Table table) {
    Path dir = layout.table(table.name());
    if (!hasFiles(dir)) {
      return spark.createDataFrame(List.of(), table.sparkSchema());
    }
    return spark.read().schema(table.sparkSchema()).parquet(dir.toString());
  }

  private boolean hasFiles(Path dir) {
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        return false;
      }
      for (var s : fs.listStatus(dir)) {
        if (s.getPath().getName().endsWith(".parquet")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + dir, e);
    }
  }
}
