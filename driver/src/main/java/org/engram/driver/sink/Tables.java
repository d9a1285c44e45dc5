package org.engram.driver.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.engram.driver.grid.SpecField;
import org.engram.driver.grid.SpecFields;
import org.engram.driver.sink.Column.ColumnType;
import org.engram.result.CurvePoint;
import org.engram.result.DifficultyMetrics;
import org.engram.result.Provenance;
import org.engram.result.RuleProbes;
import org.engram.result.TrialResult;
import org.engram.spec.TrialSpec;

/**
 * The result tables and their columns: {@code trials} (one row per trial), {@code evals} (one row
 * per trial and evaluated difficulty), {@code curves} (training curves in long format) and {@code
 * rules} (one row per trained rule of the engram family: the probes of MODEL.md section 8). The
 * spec's columns are its keys in snake_case ({@code network.hidden} is {@code network_hidden}).
 */
public final class Tables {

  public static final String TRIALS = "trials";
  public static final String EVALS = "evals";
  public static final String CURVES = "curves";
  public static final String RULES = "rules";

  /** Columns every table shares, for joins. */
  public static final String RUN_ID = "run_id";

  public static final String TRIAL_ID = "trial_id";
  public static final String STATUS = "status";

  private static final Table TRIALS_TABLE = new Table(TRIALS, trialColumns());
  private static final Table EVALS_TABLE =
      new Table(
          EVALS,
          keyedColumns(
              col("snippets", ColumnType.INT),
              col("bit_accuracy", ColumnType.DOUBLE),
              opt("visible_bit_accuracy", ColumnType.DOUBLE),
              col("snippet_accuracy", ColumnType.DOUBLE),
              col("loss", ColumnType.DOUBLE),
              col("bits_stored", ColumnType.DOUBLE),
              col("bits_per_synapse", ColumnType.DOUBLE),
              col("bits_per_neuron", ColumnType.DOUBLE),
              col("hidden_bits", ColumnType.LONG),
              col("recalls", ColumnType.LONG),
              col("scored_windows", ColumnType.INT),
              col("lifetimes", ColumnType.INT),
              col("capacity_k90", ColumnType.INT),
              col("neurons", ColumnType.INT),
              col("synapses", ColumnType.INT),
              col("synapse_size", ColumnType.INT)));
  private static final Table CURVES_TABLE =
      new Table(
          CURVES,
          List.of(
              str(RUN_ID),
              str(TRIAL_ID),
              col("meta_step", ColumnType.INT),
              str("metric"),
              col("value", ColumnType.DOUBLE)));

  private static final Table RULES_TABLE =
      new Table(
          RULES,
          keyedColumns(
              str("post_role"),
              str("pre_role"),
              col("grid_values", ColumnType.DOUBLE_LIST),
              col("delta_w0", ColumnType.DOUBLE_LIST),
              opt("hebbian_score", ColumnType.DOUBLE),
              col("decay", ColumnType.DOUBLE),
              col("decay_rate", ColumnType.DOUBLE),
              col("probe_snippets", ColumnType.INT),
              col("recall_intact", ColumnType.DOUBLE),
              col("recall_reset_activations", ColumnType.DOUBLE),
              col("recall_reset_synapses", ColumnType.DOUBLE)));

  private Tables() {}

  public static Table trials() {
    return TRIALS_TABLE;
  }

  public static Table evals() {
    return EVALS_TABLE;
  }

  public static Table curves() {
    return CURVES_TABLE;
  }

  public static Table rules() {
    return RULES_TABLE;
  }

  /** Every table, the {@code trials} table last: it is written last and marks a commit. */
  public static List<Table> all() {
    return List.of(EVALS_TABLE, CURVES_TABLE, RULES_TABLE, TRIALS_TABLE);
  }

  /**
   * The row of a trial in {@code rules}: one for a trained rule of the engram family, none for a
   * baseline or a failed trial. {@code delta_w0} is row-major [post][pre] over {@code grid_values}.
   */
  public static List<Map<String, Object>> ruleRows(TrialRecord r) {
    TrialResult res = r.result();
    RuleProbes p = res.probes();
    if (p == null) {
      return List.of();
    }
    Map<String, Object> row = keyColumns(r);
    row.put("post_role", p.postRole());
    row.put("pre_role", p.preRole());
    row.put("grid_values", boxed(p.gridValues()));
    row.put("delta_w0", boxed(p.deltaW0()));
    row.put("hebbian_score", Double.isNaN(p.hebbianScore()) ? null : p.hebbianScore());
    row.put("decay", p.decay());
    row.put("decay_rate", p.decayRate());
    row.put("probe_snippets", p.probeSnippets());
    row.put("recall_intact", p.recallIntact());
    row.put("recall_reset_activations", p.recallResetActivations());
    row.put("recall_reset_synapses", p.recallResetSynapses());
    return List.of(row);
  }

  /**
   * The columns {@code evals} and {@code rules} start with: the trial's ids and the spec keys most
   * queries group by, so that they need no join with {@code trials}.
   */
  private static Map<String, Object> keyColumns(TrialRecord r) {
    TrialSpec spec = r.result().spec();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put(RUN_ID, r.runId());
    row.put(TRIAL_ID, r.trialId());
    row.put("network_type", spec.network().type().label());
    row.put("task_snippets", spec.task().snippets());
    row.put("seed", spec.seed());
    return row;
  }

  private static List<Double> boxed(double[] v) {
    List<Double> out = new ArrayList<>(v.length);
    for (double x : v) {
      out.add(x);
    }
    return out;
  }

  /** The row of a trial in {@code trials}. */
  public static Map<String, Object> trialRow(TrialRecord r) {
    TrialResult res = r.result();
    Provenance p = res.provenance();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put(RUN_ID, r.runId());
    row.put(TRIAL_ID, r.trialId());
    row.put(STATUS, res.status().name());
    row.put("error", res.error());
    TrialSpec spec = res.spec();
    for (SpecField f : SpecFields.all()) {
      Object v = SpecFields.value(spec, f);
      row.put(f.snakeName(), v instanceof Enum<?> e ? SpecFields.label(e) : v);
    }
    row.put("spec_json", r.specJson());
    row.put("capacity_k90", res.capacityK90());
    row.put("meta_steps_done", res.metaStepsDone());
    row.put("resumed_from_step", res.resumedFromStep());
    row.put("train_seconds", res.trainSeconds());
    row.put("eval_seconds", res.evalSeconds());
    row.put("wall_seconds", r.wallSeconds());
    row.put("rule_json", res.ruleJson());
    row.put("code_version", p.codeVersion());
    row.put("project_version", r.projectVersion());
    row.put("git_commit", p.gitCommit());
    row.put("java_version", p.javaVersion());
    row.put("nd4j_backend", p.nd4jBackend());
    row.put("blas_threads", p.blasThreads());
    row.put("host", p.host());
    row.put("executor_id", r.executorId());
    row.put("task_attempt", r.taskAttempt());
    row.put("finished_at", r.finishedAtMillis());
    return row;
  }

  /** The rows of a trial in {@code evals}, one per evaluated difficulty. */
  public static List<Map<String, Object>> evalRows(TrialRecord r) {
    List<Map<String, Object>> rows = new ArrayList<>();
    TrialResult res = r.result();
    for (DifficultyMetrics m : res.evals()) {
      Map<String, Object> row = keyColumns(r);
      row.put("snippets", m.snippets());
      row.put("bit_accuracy", m.bitAccuracy());
      row.put(
          "visible_bit_accuracy",
          Double.isNaN(m.visibleBitAccuracy()) ? null : m.visibleBitAccuracy());
      row.put("snippet_accuracy", m.snippetAccuracy());
      row.put("loss", m.loss());
      row.put("bits_stored", m.bitsStored());
      row.put("bits_per_synapse", m.bitsPerSynapse());
      row.put("bits_per_neuron", m.bitsPerNeuron());
      row.put("hidden_bits", m.hiddenBits());
      row.put("recalls", m.recalls());
      row.put("scored_windows", m.scoredWindows());
      row.put("lifetimes", m.lifetimes());
      row.put("capacity_k90", res.capacityK90());
      row.put("neurons", m.size().neurons());
      row.put("synapses", m.size().synapses());
      row.put("synapse_size", m.size().synapseSize());
      rows.add(row);
    }
    return rows;
  }

  /** The rows of a trial in {@code curves}. */
  public static List<Map<String, Object>> curveRows(TrialRecord r) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (CurvePoint c : r.result().curve()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put(RUN_ID, r.runId());
      row.put(TRIAL_ID, r.trialId());
      row.put("meta_step", c.metaStep());
      row.put("metric", c.metric());
      row.put("value", c.value());
      rows.add(row);
    }
    return rows;
  }

  private static List<Column> trialColumns() {
    List<Column> cols = new ArrayList<>();
    cols.add(str(RUN_ID));
    cols.add(str(TRIAL_ID));
    cols.add(str(STATUS));
    cols.add(opt("error", ColumnType.STRING));
    for (SpecField f : SpecFields.all()) {
      cols.add(col(f.snakeName(), typeOf(f.type())));
    }
    cols.add(str("spec_json"));
    cols.add(col("capacity_k90", ColumnType.INT));
    cols.add(col("meta_steps_done", ColumnType.INT));
    cols.add(col("resumed_from_step", ColumnType.INT));
    cols.add(col("train_seconds", ColumnType.DOUBLE));
    cols.add(col("eval_seconds", ColumnType.DOUBLE));
    cols.add(col("wall_seconds", ColumnType.DOUBLE));
    cols.add(opt("rule_json", ColumnType.STRING));
    for (String s :
        List.of("code_version", "project_version", "git_commit", "java_version", "nd4j_backend")) {
      cols.add(opt(s, ColumnType.STRING));
    }
    cols.add(col("blas_threads", ColumnType.INT));
    cols.add(opt("host", ColumnType.STRING));
    cols.add(opt("executor_id", ColumnType.STRING));
    cols.add(col("task_attempt", ColumnType.INT));
    cols.add(col("finished_at", ColumnType.TIMESTAMP));
    return cols;
  }

  private static ColumnType typeOf(Class<?> t) {
    if (t == int.class) {
      return ColumnType.INT;
    } else if (t == long.class) {
      return ColumnType.LONG;
    } else if (t == double.class) {
      return ColumnType.DOUBLE;
    } else if (t == boolean.class) {
      return ColumnType.BOOLEAN;
    } else if (t.isEnum()) {
      return ColumnType.STRING;
    } else if (t == List.class) {
      return ColumnType.INT_LIST;
    }
    throw new IllegalStateException("no column type for " + t);
  }

  /**
   * The key columns of {@link #keyColumns} (ids, network type, training K, seed), then {@code
   * rest}.
   */
  private static List<Column> keyedColumns(Column... rest) {
    List<Column> cols = new ArrayList<>();
    cols.add(str(RUN_ID));
    cols.add(str(TRIAL_ID));
    cols.add(str("network_type"));
    cols.add(col("task_snippets", ColumnType.INT));
    cols.add(col("seed", ColumnType.LONG));
    cols.addAll(List.of(rest));
    return cols;
  }

  private static Column col(String name, ColumnType t) {
    return new Column(name, t, false);
  }

  private static Column opt(String name, ColumnType t) {
    return new Column(name, t, true);
  }

  private static Column str(String name) {
    return new Column(name, ColumnType.STRING, false);
  }
}
