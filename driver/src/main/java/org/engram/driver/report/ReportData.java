package org.engram.driver.report;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.engram.driver.grid.SpecField;
import org.engram.driver.grid.SpecFields;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TableReader;
import org.engram.driver.sink.Tables;

/**
 * What a report needs from a results directory, read with Spark and collected (a study has
 * thousands of rows at most): the count of trials by status, the OK trials with their spec values,
 * the evaluations of OK trials joined to them, and the {@code rules} table where there is one.
 *
 * @param statusCounts committed trials by status ({@code OK}, {@code FAILED})
 * @param trials the OK trials
 * @param evals the {@code evals} rows of OK trials
 * @param rules the {@code rules} table of OK trials
 */
public record ReportData(
    Map<String, Integer> statusCounts, List<Trial> trials, List<Eval> evals, Rules rules) {

  private static final String OK = "OK";

  /** The columns of {@code rules} a report reads, in the order {@link Rule} takes them. */
  private static final List<String> RULE_COLUMNS =
      List.of(
          "run_id",
          "trial_id",
          "network_type",
          "task_snippets",
          "seed",
          "probe_snippets",
          "grid_values",
          "delta_w0",
          "hebbian_score",
          "decay",
          "decay_rate",
          "recall_intact",
          "recall_reset_activations",
          "recall_reset_synapses");

  public ReportData {
    statusCounts = Map.copyOf(statusCounts);
    trials = List.copyOf(trials);
    evals = List.copyOf(evals);
  }

  /**
   * An OK trial.
   *
   * @param trialId its id
   * @param networkType its network type's label
   * @param seed its seed
   * @param spec every spec value but the seed as text, by key ({@code task.snippets}), in the fixed
   *     order of {@link SpecFields}
   */
  public record Trial(String trialId, String networkType, long seed, Map<String, String> spec) {
    public Trial {
      spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
    }
  }

  /**
   * One evaluated difficulty of an OK trial ({@code evals}).
   *
   * @param trialId the trial
   * @param snippets the evaluated K
   * @param bitAccuracy hidden-bit accuracy
   * @param bitsPerSynapse bits stored per synapse scalar
   * @param capacityK90 the trial's largest K with accuracy at least 0.9
   * @param neurons N (0 in results written before evals carried it)
   * @param synapses synapses in the mask
   * @param synapseSize S
   */
  public record Eval(
      String trialId,
      int snippets,
      double bitAccuracy,
      double bitsPerSynapse,
      int capacityK90,
      int neurons,
      int synapses,
      int synapseSize) {}

  /**
   * The rule probe of an OK trial ({@code rules}, MODEL.md section 8).
   *
   * @param deltaW0 Δw[0], row-major {@code [post][pre]}, {@code grid.size()²} values
   * @param hebbianScore null where the probe could not compute it (a flat response)
   * @param decay Δw[0] at zero activity
   * @param decayRate the fraction of a deviation from w0 one silent step removes
   */
  public record Rule(
      String runId,
      String trialId,
      String networkType,
      int taskSnippets,
      long seed,
      int probeSnippets,
      List<Double> grid,
      List<Double> deltaW0,
      Double hebbianScore,
      double decay,
      double decayRate,
      double recallIntact,
      double recallResetActivations,
      double recallResetSynapses) {
    public Rule {
      grid = List.copyOf(grid);
      deltaW0 = List.copyOf(deltaW0);
    }
  }

  /**
   * The {@code rules} table: its rows, or why there are none.
   *
   * @param rows the rows of OK trials
   * @param absence why there are no rows (null when there are)
   */
  public record Rules(List<Rule> rows, String absence) {
    public Rules {
      rows = List.copyOf(rows);
    }
  }

  /** The OK trials' count. */
  public int ok() {
    return statusCounts.getOrDefault(OK, 0);
  }

  /** Reads a results directory's committed tables. */
  public static ReportData read(TableReader reader) {
    SparkSession spark = reader.spark();
    OutputLayout layout = reader.layout();
    reader.checkFiles(Tables.all());
    Dataset<Row> trials = reader.table(Tables.trials());
    Map<String, Integer> counts = new TreeMap<>();
    for (Row r : trials.groupBy(Tables.STATUS).count().collectAsList()) {
      counts.put(r.getString(0), (int) r.getLong(1));
    }

    List<Column> specColumns = new ArrayList<>();
    specColumns.add(col(Tables.TRIAL_ID));
    for (SpecField f : SpecFields.all()) {
      specColumns.add(col(f.snakeName()));
    }
    Dataset<Row> ok =
        trials.filter(col(Tables.STATUS).equalTo(OK)).select(specColumns.toArray(Column[]::new));
    List<Trial> okTrials = new ArrayList<>();
    for (Row r : ok.orderBy(Tables.TRIAL_ID).collectAsList()) {
      okTrials.add(trial(r));
    }

    Dataset<Row> evals =
        reader
            .table(Tables.evals())
            .select(
                Tables.TRIAL_ID,
                "snippets",
                "bit_accuracy",
                "bits_per_synapse",
                "capacity_k90",
                "neurons",
                "synapses",
                "synapse_size")
            .join(ok.select(Tables.TRIAL_ID), Tables.TRIAL_ID)
            .orderBy(Tables.TRIAL_ID, "snippets");
    List<Eval> evalRows = new ArrayList<>();
    for (Row r : evals.collectAsList()) {
      evalRows.add(
          new Eval(
              r.getString(0),
              r.getInt(1),
              r.getDouble(2),
              r.getDouble(3),
              r.getInt(4),
              // Results written before evals carried the network size read these as null.
              r.isNullAt(5) ? 0 : r.getInt(5),
              r.isNullAt(6) ? 0 : r.getInt(6),
              r.isNullAt(7) ? 0 : r.getInt(7)));
    }
    return new ReportData(counts, okTrials, evalRows, rules(spark, layout, reader, ok));
  }

  private static Trial trial(Row r) {
    Map<String, String> spec = new LinkedHashMap<>();
    String type = null;
    long seed = 0;
    for (SpecField f : SpecFields.all()) {
      Object v = r.getAs(f.snakeName());
      if (f.key().equals(SpecFields.SEED)) {
        seed = ((Number) v).longValue();
      } else {
        spec.put(f.key(), text(v));
      }
      if (f.key().equals("network.type")) {
        type = (String) v;
      }
    }
    return new Trial(r.getAs(Tables.TRIAL_ID), type, seed, spec);
  }

  /** A spec value as text: lists as {@code [1,2,4]}, numbers without needless digits. */
  static String text(Object v) {
    if (v == null) {
      return "";
    } else if (v instanceof scala.collection.Seq<?> s) {
      return s.mkString("[", ",", "]");
    } else if (v instanceof List<?> l) {
      return l.stream().map(ReportData::text).collect(Collectors.joining(",", "[", "]"));
    } else if (v instanceof Double || v instanceof Float) {
      return Ticks.formatPlain(((Number) v).doubleValue());
    }
    return v.toString();
  }

  private static Rules rules(
      SparkSession spark, OutputLayout layout, TableReader reader, Dataset<Row> ok) {
    Path dir = layout.table(Tables.RULES);
    if (!hasParquet(spark, dir)) {
      return new Rules(List.of(), "no rules table in " + layout.root() + " (" + dir + ")");
    }
    // Committed rows (the table is joined to trials) of OK trials.
    Dataset<Row> rows =
        reader
            .table(Tables.rules())
            .select(columns(RULE_COLUMNS))
            .join(ok.select(Tables.TRIAL_ID), Tables.TRIAL_ID)
            .select(columns(RULE_COLUMNS))
            .orderBy("network_type", "task_snippets", "seed", Tables.TRIAL_ID);
    List<Rule> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      out.add(
          new Rule(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.getInt(3),
              r.getLong(4),
              r.getInt(5),
              r.getList(6),
              r.getList(7),
              r.isNullAt(8) ? null : r.getDouble(8),
              r.getDouble(9),
              r.getDouble(10),
              r.getDouble(11),
              r.getDouble(12),
              r.getDouble(13)));
    }
    return new Rules(
        out, out.isEmpty() ? "the rules table in " + dir + " has no rows of OK trials" : null);
  }

  private static Column[] columns(List<String> names) {
    return names.stream().map(functions::col).toArray(Column[]::new);
  }

  private static boolean hasParquet(SparkSession spark, Path dir) {
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
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
