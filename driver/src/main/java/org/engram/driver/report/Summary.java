package org.engram.driver.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.engram.driver.report.SeriesNames.Key;
import org.engram.driver.report.Stats.Estimate;

/**
 * One row per series, ranked: mean hidden-bit accuracy at each K with its interval, capacity_k90,
 * bits per synapse at the series' best K, and the number of seeds. Ranked by capacity_k90, then by
 * the accuracy averaged over the series' evaluated K, both descending.
 */
public final class Summary {

  /**
   * A series' summary.
   *
   * @param key the series
   * @param seeds its trials (one per seed)
   * @param accuracy hidden-bit accuracy by evaluated K
   * @param capacity capacity_k90
   * @param bestK the K where bits per synapse is largest
   * @param bitsAtBest bits per synapse at {@code bestK}
   */
  public record Row(
      Key key,
      int seeds,
      SortedMap<Integer, Estimate> accuracy,
      Estimate capacity,
      int bestK,
      Estimate bitsAtBest) {

    /** The accuracy averaged over the evaluated K (the ranking's second key). */
    public double meanAccuracy() {
      return accuracy.values().stream().mapToDouble(Estimate::mean).average().orElse(0);
    }
  }

  private final List<Row> rows;
  private final Set<Integer> ks;

  public Summary(Aggregates agg) {
    SortedMap<Key, SortedMap<Integer, Estimate>> acc = agg.byK(ReportData.Eval::bitAccuracy);
    SortedMap<Key, SortedMap<Integer, Estimate>> bits = agg.byK(ReportData.Eval::bitsPerSynapse);
    SortedMap<Key, Estimate> cap = agg.capacity();
    SortedMap<Key, Integer> seeds = agg.seeds();
    List<Row> out = new ArrayList<>();
    for (Key key : acc.keySet()) {
      SortedMap<Integer, Estimate> b = bits.getOrDefault(key, new TreeMap<>());
      int best =
          b.entrySet().stream()
              .max(Comparator.comparingDouble(e -> e.getValue().mean()))
              .map(e -> e.getKey())
              .orElse(0);
      out.add(
          new Row(key, seeds.getOrDefault(key, 0), acc.get(key), cap.get(key), best, b.get(best)));
    }
    out.sort(
        Comparator.comparingDouble((Row r) -> -r.capacity().mean())
            .thenComparingDouble(r -> -r.meanAccuracy())
            .thenComparing(Row::key));
    this.rows = List.copyOf(out);
    this.ks = agg.allK();
  }

  public List<Row> rows() {
    return rows;
  }

  /** {@code summary.csv}: one row per series in rank order. */
  public Csv csv() {
    List<String> header = new ArrayList<>(List.of("rank", "series", "network_type", "seeds"));
    for (int k : ks) {
      header.addAll(
          List.of(
              "bit_accuracy_k" + k,
              "bit_accuracy_k" + k + "_ci95_low",
              "bit_accuracy_k" + k + "_ci95_high"));
    }
    header.addAll(
        List.of(
            "capacity_k90",
            "capacity_k90_ci95_low",
            "capacity_k90_ci95_high",
            "best_k",
            "bits_per_synapse_best_k",
            "bits_per_synapse_best_k_ci95_low",
            "bits_per_synapse_best_k_ci95_high"));
    Csv csv = new Csv(header);
    int rank = 1;
    for (Row r : rows) {
      List<Object> row =
          new ArrayList<>(List.of(rank++, r.key().label(), r.key().networkType(), r.seeds()));
      for (int k : ks) {
        Estimate e = r.accuracy().get(k);
        row.addAll(e == null ? nulls(3) : List.of(e.mean(), e.lo(), e.hi()));
      }
      Estimate c = r.capacity();
      row.addAll(c == null ? nulls(3) : List.of(c.mean(), c.lo(), c.hi()));
      Estimate b = r.bitsAtBest();
      row.add(b == null ? null : r.bestK());
      row.addAll(b == null ? nulls(3) : List.of(b.mean(), b.lo(), b.hi()));
      csv.row(row);
    }
    return csv;
  }

  /** The ranking as an HTML table. */
  public String html() {
    StringBuilder sb = new StringBuilder("<table>\n<thead><tr><th>rank</th><th>series</th>");
    sb.append("<th>seeds</th>");
    for (int k : ks) {
      sb.append("<th>accuracy at K=").append(k).append("</th>");
    }
    sb.append("<th>capacity_k90</th><th>bits per synapse at best K</th></tr></thead>\n<tbody>\n");
    int rank = 1;
    for (Row r : rows) {
      sb.append("<tr><td>")
          .append(rank++)
          .append("</td><td>")
          .append(IndexPage.escape(r.key().label()))
          .append("</td><td>")
          .append(r.seeds())
          .append("</td>");
      for (int k : ks) {
        sb.append("<td>").append(cell(r.accuracy().get(k), "%.3f")).append("</td>");
      }
      sb.append("<td>").append(cell(r.capacity(), "%.2f")).append("</td><td>");
      sb.append(
          r.bitsAtBest() == null ? "" : cell(r.bitsAtBest(), "%.3g") + " (K=" + r.bestK() + ")");
      sb.append("</td></tr>\n");
    }
    return sb.append("</tbody>\n</table>\n").toString();
  }

  /** {@code mean [lo, hi]}, or the mean alone without an interval. */
  static String cell(Estimate e, String format) {
    if (e == null) {
      return "";
    }
    String m = String.format(Locale.ROOT, format, e.mean());
    if (!e.hasInterval()) {
      return m;
    }
    return m
        + " <span class=\"ci\">["
        + String.format(Locale.ROOT, format, e.lo())
        + ", "
        + String.format(Locale.ROOT, format, e.hi())
        + "]</span>";
  }

  private static List<Object> nulls(int n) {
    List<Object> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(null);
    }
    return l;
  }
}
