package org.engram.driver.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.engram.driver.report.ReportData.Rule;

/**
 * The learned rules' responses (MODEL.md section 8): one heatmap per network type of Δw[0] on the
 * grid of pre- and post-synaptic activity, averaged over seeds at the type's first (smallest)
 * training K, and {@code rules.csv} with every trial's scalar scores.
 */
public final class RuleFigures {
  private final List<Rule> rules;
  private final List<String> typeOrder;

  /**
   * @param rules the rows of {@code rules}
   * @param typeOrder the network types in the order of the other figures (others follow)
   */
  public RuleFigures(List<Rule> rules, List<String> typeOrder) {
    this.rules = List.copyOf(rules);
    this.typeOrder = List.copyOf(typeOrder);
  }

  /** One heatmap per network type. */
  public List<Figure> heatmaps() {
    Map<String, List<Rule>> byType = new LinkedHashMap<>();
    typeOrder.forEach(t -> byType.put(t, new ArrayList<>()));
    rules.forEach(r -> byType.computeIfAbsent(r.networkType(), t -> new ArrayList<>()).add(r));
    List<Figure> out = new ArrayList<>();
    byType.forEach(
        (type, rows) -> {
          if (!rows.isEmpty()) {
            out.add(heatmap(type, rows));
          }
        });
    return out;
  }

  /** The file name of a type's heatmap, without extension. */
  static String fileName(String type) {
    return "rule_response_" + type.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "_");
  }

  private static Figure heatmap(String type, List<Rule> rows) {
    int k = rows.stream().mapToInt(Rule::taskSnippets).min().getAsInt();
    List<Double> grid =
        rows.stream().filter(r -> r.taskSnippets() == k).findFirst().orElseThrow().grid();
    // Trials of another training K, or (after a change of the probe) another grid, are left out.
    List<Rule> used =
        rows.stream().filter(r -> r.taskSnippets() == k && r.grid().equals(grid)).toList();
    int g = grid.size();
    double[][] mean = new double[g][g];
    for (Rule r : used) {
      if (r.deltaW0().size() != g * g) {
        throw new IllegalStateException(
            "rules.delta_w0 of trial "
                + r.trialId()
                + " has "
                + r.deltaW0().size()
                + " values, expected "
                + g * g);
      }
      for (int post = 0; post < g; post++) {
        for (int pre = 0; pre < g; pre++) {
          mean[post][pre] += r.deltaW0().get(post * g + pre) / used.size();
        }
      }
    }
    double[] axis = grid.stream().mapToDouble(Double::doubleValue).toArray();
    List<Double> hebbian = used.stream().map(Rule::hebbianScore).filter(Objects::nonNull).toList();
    double decay = used.stream().mapToDouble(Rule::decay).average().orElse(Double.NaN);
    String hebb =
        hebbian.isEmpty()
            ? "n/a"
            : String.format(
                Locale.ROOT,
                "%.3f",
                hebbian.stream().mapToDouble(Double::doubleValue).average().getAsDouble());
    String subtitle =
        String.format(
            Locale.ROOT,
            "trained at K=%d, mean of %d seed%s; Hebbian score %s, decay %s",
            k,
            used.size(),
            used.size() == 1 ? "" : "s",
            hebb,
            threeDigits(decay));
    boolean flat = Arrays.stream(mean).flatMapToDouble(Arrays::stream).allMatch(v -> v == 0);
    if (flat) {
      subtitle += "; Δw[0] = 0 everywhere";
    }
    Heatmap chart =
        new Heatmap(
            "Learned synapse rule: " + type,
            subtitle,
            "pre-synaptic activity a_j[0]",
            "post-synaptic activity a'_i[0]",
            "Δw[0] (one step)",
            axis,
            axis,
            mean);
    return new Figure(
        fileName(type),
        "Rule response: " + type,
        chart,
        null,
        "The synapse update Δw[0] of "
            + type
            + " on a grid of pre-synaptic (a_j[0], x) and post-synaptic (a'_i[0], y) activity,"
            + " averaged over "
            + used.size()
            + " trial"
            + (used.size() == 1 ? "" : "s")
            + " trained at K="
            + k
            + "; red is potentiation, blue depression, white no change (colour scale symmetric"
            + " about 0). Hebbian score: the correlation of Δw with a_i·a_j (mean "
            + hebb
            + "); decay: Δw at zero activity (mean "
            + threeDigits(decay)
            + ").");
  }

  /** Three significant digits, written short: 0.00721, -0.01. */
  static String threeDigits(double v) {
    return Double.isFinite(v)
        ? Ticks.formatPlain(Double.parseDouble(String.format(Locale.ROOT, "%.3g", v)))
        : "n/a";
  }

  /** {@code rules.csv}: the scalar columns of every trial's probe. */
  public Csv csv() {
    Csv csv =
        new Csv(
            List.of(
                "run_id",
                "trial_id",
                "network_type",
                "task_snippets",
                "seed",
                "probe_snippets",
                "hebbian_score",
                "decay",
                "decay_rate",
                "recall_intact",
                "recall_reset_activations",
                "recall_reset_synapses"));
    for (Rule r : rules) {
      csv.row(
          Arrays.asList(
              r.runId(),
              r.trialId(),
              r.networkType(),
              r.taskSnippets(),
              r.seed(),
              r.probeSnippets(),
              r.hebbianScore(),
              r.decay(),
              r.decayRate(),
              r.recallIntact(),
              r.recallResetActivations(),
              r.recallResetSynapses()));
    }
    return csv;
  }
}
