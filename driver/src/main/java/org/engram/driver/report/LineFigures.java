package org.engram.driver.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.engram.driver.grid.SpecFields;
import org.engram.driver.report.Aggregates.SizePoint;
import org.engram.driver.report.LineChart.Marker;
import org.engram.driver.report.LineChart.Point;
import org.engram.driver.report.LineChart.Reference;
import org.engram.driver.report.SeriesNames.Key;
import org.engram.driver.report.Stats.Estimate;

/**
 * The three line figures of a report (MODEL.md section 7): hidden-bit accuracy and bits per synapse
 * against evaluated K, and capacity against network size, with the classical reference lines.
 */
public final class LineFigures {
  /** Classical Hopfield capacity: about 0.138·N random patterns of N bits. */
  public static final double HOPFIELD_PATTERNS_PER_NEURON = 0.138;

  /** ... stored in N² weights: about 0.14 bits per weight. */
  public static final double HOPFIELD_BITS_PER_WEIGHT = 0.138;

  /** Gardner's bound for any learning rule: 2 bits per weight. */
  public static final double GARDNER_BITS_PER_WEIGHT = 2;

  private static final Colour REFERENCE = Colour.rgb(90, 90, 90);
  private static final Colour GARDNER = Colour.rgb(150, 30, 30);
  private static final Stroke.Dash[] DASHES = {
    Stroke.Dash.SOLID, Stroke.Dash.DASHED, Stroke.Dash.DOTTED, Stroke.Dash.DASH_DOT
  };
  private static final Marker[] MARKERS = Marker.values();

  private final Aggregates agg;

  public LineFigures(Aggregates agg) {
    this.agg = agg;
  }

  /** Hidden-bit accuracy against evaluated K. */
  public Figure accuracy() {
    SortedMap<Key, SortedMap<Integer, Estimate>> est = agg.byK(ReportData.Eval::bitAccuracy);
    LineChart.Builder b =
        LineChart.builder(
                "Hidden-bit accuracy against difficulty",
                "evaluated K (snippets held at once, log2 scale)",
                "hidden-bit accuracy (fraction)")
            .xKind(Scale.Kind.LOG2)
            .yLimits(0, 1.02)
            .intervals(style(est.size()));
    addSeries(b, est);
    b.reference(Reference.horizontal("chance (0.5)", Colour.GREY, 0.5, false));
    b.note(intervalNote(values(est), style(est.size())));
    return new Figure(
        "accuracy_vs_k",
        "Accuracy against difficulty",
        b.build(),
        byKCsv(est, "bit_accuracy"),
        "Hidden-bit accuracy (evals.bit_accuracy: the fraction of target bits the cue does not"
            + " show that are recalled right) against the evaluated K, one line per series, the"
            + " mean over seeds. "
            + intervalCaption(values(est))
            + " The grey dashed line is chance (0.5).");
  }

  /** Bits stored per synapse scalar against evaluated K, with Hopfield's and Gardner's lines. */
  public Figure bitsPerSynapse() {
    SortedMap<Key, SortedMap<Integer, Estimate>> est = agg.byK(ReportData.Eval::bitsPerSynapse);
    LineChart.Builder b =
        LineChart.builder(
                "Bits stored per synapse against difficulty",
                "evaluated K (snippets held at once, log2 scale)",
                "bits per synapse scalar (log10 scale)")
            .xKind(Scale.Kind.LOG2)
            .yKind(Scale.Kind.LOG10)
            .intervals(style(est.size()));
    addSeries(b, est);
    b.reference(
        Reference.horizontal(
            "Hopfield ≈ 0.14 bits/weight", REFERENCE, HOPFIELD_BITS_PER_WEIGHT, true));
    b.reference(
        Reference.horizontal(
            "Gardner's bound: 2 bits/weight", GARDNER, GARDNER_BITS_PER_WEIGHT, true));
    b.note(intervalNote(values(est), style(est.size())));
    boolean zeros = values(est).stream().anyMatch(e -> !(e.mean() > 0));
    if (zeros) {
      b.note("means of 0 bits are not drawn (log axis)");
    }
    return new Figure(
        "bits_per_synapse_vs_k",
        "Bits per synapse against difficulty",
        b.build(),
        byKCsv(est, "bits_per_synapse"),
        "Bits stored per synapse scalar (evals.bits_per_synapse = bits_stored / (synapses · S),"
            + " MODEL.md section 7) against the evaluated K, mean over seeds, on a log axis. "
            + intervalCaption(values(est))
            + (zeros ? " Means of 0 bits cannot be drawn on the log axis and are left out." : "")
            + " Reference lines: classical Hopfield memory, about 0.138·N patterns of N bits in N²"
            + " weights (≈ 0.14 bits per weight), and Gardner's bound of 2 bits per weight for any"
            + " learning rule.");
  }

  /** capacity_k90 against N, with Hopfield's 0.138·N and the largest evaluated K. */
  public Figure capacity() {
    SortedMap<Key, List<SizePoint>> bySize = agg.capacityBySize();
    LineChart.Builder b =
        LineChart.builder(
                "Capacity against network size",
                "neurons N (log2 scale)",
                "capacity_k90 (largest K with accuracy ≥ 0.9)")
            .xKind(Scale.Kind.LOG2)
            // Below 0 a little, so that a capacity of 0 is seen above the frame.
            .yLimits(-0.4, Double.POSITIVE_INFINITY)
            .intervals(style(bySize.size()));
    List<Estimate> all = new ArrayList<>();
    Map<Key, Integer> variants = variants(bySize.keySet());
    TreeMap<Integer, Integer> largest = new TreeMap<>();
    for (Map.Entry<Key, List<SizePoint>> e : bySize.entrySet()) {
      List<Point> pts = new ArrayList<>();
      for (SizePoint p : e.getValue()) {
        pts.add(point(p.neurons(), p.capacity()));
        all.add(p.capacity());
        largest.merge(p.neurons(), p.largestK(), Math::max);
      }
      b.series(series(e.getKey(), variants.get(e.getKey()), pts));
    }
    List<Point> ceiling = new ArrayList<>();
    largest.forEach((n, k) -> ceiling.add(new Point(n, k, Double.NaN, Double.NaN)));
    b.series(
        new LineChart.Series(
            "largest evaluated K (capacity cannot exceed it)",
            Colour.rgb(160, 160, 160),
            Stroke.Dash.DOTTED,
            Marker.SQUARE,
            ceiling));
    b.reference(
        new Reference(
            "Hopfield: 0.138·N patterns",
            REFERENCE,
            n -> HOPFIELD_PATTERNS_PER_NEURON * n,
            true,
            Stroke.Dash.DASHED));
    b.note(intervalNote(all, style(bySize.size())));
    return new Figure(
        "capacity_vs_size",
        "Capacity against network size",
        b.build(),
        capacityCsv(bySize),
        "capacity_k90 (the largest evaluated K with hidden-bit accuracy ≥ 0.9; 0 when none) against"
            + " the number of neurons N, mean over seeds, one line per network type"
            + (agg.names().varying().stream().anyMatch(k -> !SeriesNames.SIZE_KEYS.contains(k))
                ? " and setting"
                : "")
            + ". "
            + intervalCaption(all)
            + " Capacity is only measured at the evaluated K, so it cannot exceed the largest"
            + " evaluated K (grey dotted). Reference line: classical Hopfield capacity, 0.138·N"
            + " patterns.");
  }

  private void addSeries(LineChart.Builder b, SortedMap<Key, SortedMap<Integer, Estimate>> est) {
    Map<Key, Integer> variants = variants(est.keySet());
    for (Map.Entry<Key, SortedMap<Integer, Estimate>> e : est.entrySet()) {
      List<Point> pts = new ArrayList<>();
      e.getValue().forEach((k, v) -> pts.add(point(k, v)));
      b.series(series(e.getKey(), variants.get(e.getKey()), pts));
    }
  }

  /** Each series' position among the series of its network type: its dash and marker. */
  static Map<Key, Integer> variants(Collection<Key> keys) {
    Map<Key, Integer> out = new HashMap<>();
    Map<Integer, Integer> next = new HashMap<>();
    keys.stream().sorted().forEach(k -> out.put(k, next.merge(k.typeIndex(), 1, Integer::sum) - 1));
    return out;
  }

  static LineChart.Series series(Key key, int variant, List<Point> points) {
    return new LineChart.Series(
        key.label(),
        Palette.categorical(key.typeIndex()),
        DASHES[variant % DASHES.length],
        MARKERS[variant % MARKERS.length],
        points);
  }

  private static Point point(double x, Estimate e) {
    return new Point(x, e.mean(), e.lo(), e.hi());
  }

  private static List<Estimate> values(SortedMap<Key, SortedMap<Integer, Estimate>> est) {
    List<Estimate> out = new ArrayList<>();
    est.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  /** Bands for one or two series, dodged bars for more (overlapping bands are hard to read). */
  static LineChart.Intervals style(int series) {
    return series <= 2 ? LineChart.Intervals.BANDS : LineChart.Intervals.BARS;
  }

  /** The legend's line on intervals. */
  static String intervalNote(Collection<Estimate> es, LineChart.Intervals style) {
    int min = es.stream().mapToInt(Estimate::n).min().orElse(0);
    int max = es.stream().mapToInt(Estimate::n).max().orElse(0);
    if (max <= 1) {
      return "one seed per point: no interval";
    }
    String seeds = min == max ? "n = " + min : "n = " + min + " to " + max;
    String what = style == LineChart.Intervals.BANDS ? "bands" : "bars";
    return min >= 2
        ? what + ": 95% t-interval over seeds (" + seeds + ")"
        : what + ": 95% t-interval over seeds; one-seed points have none";
  }

  /** The caption's sentence on intervals. */
  static String intervalCaption(Collection<Estimate> es) {
    int max = es.stream().mapToInt(Estimate::n).max().orElse(0);
    int min = es.stream().mapToInt(Estimate::n).min().orElse(0);
    if (max <= 1) {
      return "Each point is a single seed, so no interval is drawn.";
    }
    return "Error bars (shaded bands where there are at most two series) are 95% confidence"
        + " intervals of the mean over seeds, mean ± t(0.975, n−1)·sd/√n with the sample standard"
        + " deviation; with many series the series are shifted sideways by a few pixels so that"
        + " equal points stay visible"
        + (min < 2 ? "; points from a single seed have none." : ".");
  }

  private Csv byKCsv(SortedMap<Key, SortedMap<Integer, Estimate>> est, String metric) {
    List<String> varying = agg.names().varying();
    List<String> header = new ArrayList<>(List.of("series", "network_type"));
    varying.forEach(k -> header.add(snake(k)));
    header.addAll(
        List.of(
            "k",
            "seeds",
            metric + "_mean",
            metric + "_sd",
            metric + "_ci95_low",
            metric + "_ci95_high"));
    Csv csv = new Csv(header);
    est.forEach(
        (key, byK) ->
            byK.forEach(
                (k, e) -> {
                  List<Object> row = new ArrayList<>(List.of(key.label(), key.networkType()));
                  row.addAll(key.values());
                  row.addAll(List.of(k, e.n(), e.mean(), e.sd(), e.lo(), e.hi()));
                  csv.row(row);
                }));
    return csv;
  }

  private Csv capacityCsv(SortedMap<Key, List<SizePoint>> bySize) {
    List<String> varying =
        agg.names().varying().stream().filter(k -> !SeriesNames.SIZE_KEYS.contains(k)).toList();
    List<String> header = new ArrayList<>(List.of("series", "network_type"));
    varying.forEach(k -> header.add(snake(k)));
    header.addAll(
        List.of(
            "neurons",
            "synapses",
            "synapse_size",
            "seeds",
            "capacity_k90_mean",
            "capacity_k90_sd",
            "capacity_k90_ci95_low",
            "capacity_k90_ci95_high",
            "largest_evaluated_k",
            "hopfield_capacity"));
    Csv csv = new Csv(header);
    bySize.forEach(
        (key, points) -> {
          for (SizePoint p : points) {
            Estimate e = p.capacity();
            List<Object> row = new ArrayList<>(List.of(key.label(), key.networkType()));
            row.addAll(key.values());
            row.addAll(
                List.of(
                    p.neurons(),
                    p.synapses(),
                    p.synapseSize(),
                    e.n(),
                    e.mean(),
                    e.sd(),
                    e.lo(),
                    e.hi(),
                    p.largestK(),
                    HOPFIELD_PATTERNS_PER_NEURON * p.neurons()));
            csv.row(row);
          }
        });
    return csv;
  }

  /** A spec key's column name: {@code task.snippets} is {@code task_snippets}. */
  static String snake(String key) {
    return SpecFields.byKey(key).map(f -> f.snakeName()).orElse(key.replace('.', '_'));
  }
}
