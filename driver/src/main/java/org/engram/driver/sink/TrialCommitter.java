package org.engram.driver.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one trial's rows and commits them, from the task that ran the trial.
 *
 * <p>Exactly once, whatever Spark retries or kills: each table holds at most one file per trial,
 * named by the trial's id, so no reader can see a trial twice. The files are written complete as
 * {@code _staging/<trial>.<uuid>.<table>} (private to the attempt by the uuid) and then renamed
 * into the tables, {@code evals} and {@code curves} first and {@code trials} last; so a trial is
 * committed exactly when its {@code trials} file exists, and a task killed half way leaves only
 * staging garbage or files that the next attempt replaces. Readers join {@code evals} and {@code
 * curves} to {@code trials} (see {@link TableReader}), so they never see an uncommitted trial.
 */
public final class TrialCommitter {

  /** Footer keys that say which run wrote a file and with what status. */
  static final String META_RUN_ID = "engram.run_id";

  static final String META_STATUS = "engram.status";

  /** The encoders of the four tables, made once per JVM: each caches its table's schema. */
  private static final Map<String, PlainParquetEncoder> ENCODERS = encoders();

  private final OutputFiles files;
  private final Configuration conf;
  private final OutputLayout layout;

  /** {@code _staging} and the tables' directories, made once: every commit names files in them. */
  private final Path staging;

  private final Map<String, Path> tableDirs;

  public TrialCommitter(FileSystem fs, Configuration conf, OutputLayout layout) {
    this(OutputFiles.of(fs), conf, layout);
  }

  /** A committer through given file operations (a benchmark compares java.nio with Hadoop). */
  public TrialCommitter(OutputFiles files, Configuration conf, OutputLayout layout) {
    this.files = files;
    this.conf = conf;
    this.layout = layout;
    this.staging = layout.staging();
    Map<String, Path> dirs = new LinkedHashMap<>();
    for (Table t : Tables.all()) {
      dirs.put(t.name(), layout.table(t.name()));
    }
    this.tableDirs = Map.copyOf(dirs);
  }

  /** Writes and commits a trial's rows in every table, its {@code trials} row last. */
  public void commit(TrialRecord r) throws IOException {
    Map<String, String> meta =
        Map.of(META_RUN_ID, r.runId(), META_STATUS, r.result().status().name());
    Map<Table, byte[]> encoded = new LinkedHashMap<>();
    encoded.put(Tables.evals(), encode(Tables.evals(), Tables.evalRows(r), meta));
    encoded.put(Tables.curves(), encode(Tables.curves(), Tables.curveRows(r), meta));
    encoded.put(Tables.rules(), encode(Tables.rules(), Tables.ruleRows(r), meta));
    encoded.put(Tables.trials(), encode(Tables.trials(), List.of(Tables.trialRow(r)), meta));
    // This attempt's files, private by the attempt's token; plain files in _staging (no directory
    // to create and delete per trial).
    String attempt = r.trialId() + "." + AttemptTokens.next() + ".";
    String committed = OutputLayout.tableFileName(r.trialId());
    List<String> left = new ArrayList<>();
    try {
      for (Map.Entry<Table, byte[]> e : encoded.entrySet()) {
        String name = attempt + e.getKey().name();
        left.add(name);
        files.write(staging, name, e.getValue());
      }
      for (Table t : encoded.keySet()) { // trials last
        String name = attempt + t.name();
        files.replace(staging, name, tableDirs.get(t.name()), committed);
        left.remove(name);
      }
    } finally {
      for (String name : left) {
        files.delete(staging, name); // a failed attempt's files; a killed one's go in cleanStaging
      }
    }
  }

  private static Map<String, PlainParquetEncoder> encoders() {
    Map<String, PlainParquetEncoder> m = new LinkedHashMap<>();
    for (Table t : Tables.all()) {
      m.put(t.name(), new PlainParquetEncoder(t));
    }
    return Map.copyOf(m);
  }

  /**
   * The run id and status of a trial's committed row, read from its file's footer, if the trial is
   * committed.
   */
  public Optional<Committed> committed(String trialId) throws IOException {
    String name = OutputLayout.tableFileName(trialId);
    if (!files.exists(tableDirs.get(Tables.TRIALS), name)) {
      return Optional.empty();
    }
    Path p = layout.tableFile(Tables.TRIALS, trialId);
    Map<String, String> kv = Footers.read(p, conf).getFileMetaData().getKeyValueMetaData();
    return Optional.of(new Committed(kv.get(META_RUN_ID), kv.get(META_STATUS)));
  }

  /**
   * A committed trial.
   *
   * @param runId the run that wrote it
   * @param status OK or FAILED
   */
  public record Committed(String runId, String status) {}

  /** A table's rows of one trial as a whole Parquet file. */
  private static byte[] encode(
      Table table, List<Map<String, Object>> rows, Map<String, String> meta) {
    return ENCODERS.get(table.name()).encode(rows, meta);
  }
}
