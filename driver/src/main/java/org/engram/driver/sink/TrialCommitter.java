package org.engram.driver.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;

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

  private final FileSystem fs;
  private final Configuration conf;
  private final OutputLayout layout;

  public TrialCommitter(FileSystem fs, Configuration conf, OutputLayout layout) {
    this.fs = fs;
    this.conf = conf;
    this.layout = layout;
  }

  /** Writes and commits a trial's rows in every table, its {@code trials} row last. */
  public void commit(TrialRecord r) throws IOException {
    // This attempt's files, private by the uuid; plain files in _staging (no directory to create
    // and delete per trial).
    String attempt = r.trialId() + "." + UUID.randomUUID() + ".";
    Map<String, Path> staged = new LinkedHashMap<>();
    for (Table t : Tables.all()) {
      staged.put(t.name(), new Path(layout.staging(), attempt + t.name()));
    }
    Map<String, String> meta =
        Map.of(META_RUN_ID, r.runId(), META_STATUS, r.result().status().name());
    List<Path> left = new ArrayList<>(staged.values());
    try {
      write(staged.get(Tables.EVALS), Tables.evals(), Tables.evalRows(r), meta);
      write(staged.get(Tables.CURVES), Tables.curves(), Tables.curveRows(r), meta);
      write(staged.get(Tables.RULES), Tables.rules(), Tables.ruleRows(r), meta);
      write(staged.get(Tables.TRIALS), Tables.trials(), List.of(Tables.trialRow(r)), meta);
      for (Table t : Tables.all()) {
        Path from = staged.get(t.name());
        OutputLayout.replace(fs, from, layout.tableFile(t.name(), r.trialId()));
        left.remove(from);
      }
    } finally {
      for (Path p : left) {
        fs.delete(p, false); // a failed attempt's files; a killed one's go in cleanStaging
      }
    }
  }

  /**
   * The run id and status of a trial's committed row, read from its file's footer, if the trial is
   * committed.
   */
  public Optional<Committed> committed(String trialId) throws IOException {
    Path p = layout.tableFile(Tables.TRIALS, trialId);
    if (!fs.exists(p)) {
      return Optional.empty();
    }
    Map<String, String> kv = Footers.read(p, conf).getFileMetaData().getKeyValueMetaData();
    return Optional.of(new Committed(kv.get(META_RUN_ID), kv.get(META_STATUS)));
  }

  /**
   * A Parquet output file on this committer's file system ({@link HadoopOutputFile} would look the
   * file system up by the path's scheme, bypassing {@link OutputFileSystems}).
   */
  private record FsOutputFile(FileSystem fs, Path path) implements OutputFile {
    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      return HadoopStreams.wrap(fs.create(path, false));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      return HadoopStreams.wrap(fs.create(path, true));
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return path.toString();
    }
  }

  /**
   * A committed trial.
   *
   * @param runId the run that wrote it
   * @param status OK or FAILED
   */
  public record Committed(String runId, String status) {}

  private void write(
      Path file, Table table, List<Map<String, Object>> rows, Map<String, String> meta)
      throws IOException {
    MessageType schema = table.parquetSchema();
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    // A trial's files hold one row (trials) to a few hundred (curves), so a commit's cost is
    // Parquet's machinery per column, not the data: compression, dictionaries, page checksums and
    // min/max and size statistics would each be set up, written and footered for every column of
    // four files, to save nothing. Without them, a commit in a one-core executor (C2 alone, so
    // Parquet's code runs interpreted for its first hundred commits or so) took some 20% less CPU.
    // Readers lose nothing: Spark verifies no page checksums by default, and a one-row file has
    // no row groups to skip by statistics.
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new FsOutputFile(fs, file))
            .withConf(conf)
            .withType(schema)
            .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
            .withDictionaryEncoding(false)
            .withPageWriteChecksumEnabled(false)
            .withStatisticsEnabled(false)
            .withSizeStatisticsEnabled(false)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withExtraMetaData(meta)
            .build()) {
      for (Map<String, Object> row : rows) {
        w.write(table.group(row, groups));
      }
    }
  }
}
