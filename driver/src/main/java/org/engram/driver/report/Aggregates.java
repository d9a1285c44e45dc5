package org.engram.driver.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.engram.driver.report.ReportData.Eval;
import org.engram.driver.report.ReportData.Trial;
import org.engram.driver.report.SeriesNames.Key;
import org.engram.driver.report.Stats.Estimate;

/** Means over seeds with their intervals: per series and K, and capacity per series and size. */
public final class Aggregates {
  private final ReportData data;
  private final SeriesNames names;
  private final Map<String, Trial> trials = new HashMap<>();

  public Aggregates(ReportData data) {
    this.data = data;
    this.names = SeriesNames.of(data.trials());
    data.trials().forEach(t -> trials.put(t.trialId(), t));
  }

  public SeriesNames names() {
    return names;
  }

  /**
   * Capacity against network size.
   *
   * @param neurons N
   * @param synapses synapses in the mask
   * @param synapseSize S
   * @param capacity capacity_k90 over the trials (seeds)
   * @param largestK the largest K any of these trials was evaluated at: capacity cannot exceed it
   */
  public record SizePoint(
      int neurons, int synapses, int synapseSize, Estimate capacity, int largestK) {}

  /** A metric's estimate by series and evaluated K. */
  public SortedMap<Key, SortedMap<Integer, Estimate>> byK(ToDoubleFunction<Eval> metric) {
    Map<Key, Map<Integer, List<Double>>> values = new HashMap<>();
    for (Eval e : data.evals()) {
      Key k = names.key(trials.get(e.trialId()));
      values
          .computeIfAbsent(k, x -> new TreeMap<>())
          .computeIfAbsent(e.snippets(), x -> new ArrayList<>())
          .add(metric.applyAsDouble(e));
    }
    SortedMap<Key, SortedMap<Integer, Estimate>> out = new TreeMap<>();
    values.forEach(
        (key, byK) -> {
          SortedMap<Integer, Estimate> m = new TreeMap<>();
          byK.forEach((k, v) -> m.put(k, Stats.estimate(v)));
          out.put(key, m);
        });
    return out;
  }

  /** capacity_k90 by series (one value per trial). */
  public SortedMap<Key, Estimate> capacity() {
    Map<Key, List<Double>> values = new HashMap<>();
    perTrial()
        .forEach(
            (t, e) ->
                values
                    .computeIfAbsent(names.key(t), x -> new ArrayList<>())
                    .add((double) e.get(0).capacityK90()));
    SortedMap<Key, Estimate> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(k, Stats.estimate(v)));
    return out;
  }

  /** The number of trials (seeds) of each series. */
  public SortedMap<Key, Integer> seeds() {
    SortedMap<Key, Integer> out = new TreeMap<>();
    for (Trial t : data.trials()) {
      out.merge(names.key(t), 1, Integer::sum);
    }
    return out;
  }

  /**
   * capacity_k90 by series without the size keys, and by size (N, synapses, S), sizes ascending.
   */
  public SortedMap<Key, List<SizePoint>> capacityBySize() {
    Map<Key, Map<List<Integer>, List<List<Eval>>>> groups = new HashMap<>();
    perTrial()
        .forEach(
            (t, evals) -> {
              Eval first = evals.get(0);
              if (first.neurons() <= 0) {
                return; // no size recorded: nothing to place on the x axis
              }
              groups
                  .computeIfAbsent(
                      names.key(t, SeriesNames.SIZE_KEYS), x -> new TreeMap<>(Aggregates::compare))
                  .computeIfAbsent(
                      List.of(first.neurons(), first.synapses(), first.synapseSize()),
                      x -> new ArrayList<>())
                  .add(evals);
            });
    SortedMap<Key, List<SizePoint>> out = new TreeMap<>();
    groups.forEach(
        (key, bySize) -> {
          List<SizePoint> points = new ArrayList<>();
          bySize.forEach(
              (size, trialEvals) -> {
                List<Double> caps = new ArrayList<>();
                int largest = 0;
                for (List<Eval> evals : trialEvals) {
                  caps.add((double) evals.get(0).capacityK90());
                  for (Eval e : evals) {
                    largest = Math.max(largest, e.snippets());
                  }
                }
                points.add(
                    new SizePoint(
                        size.get(0), size.get(1), size.get(2), Stats.estimate(caps), largest));
              });
          out.put(key, points);
        });
    return out;
  }

  /** Every K evaluated in any series, ascending. */
  public Set<Integer> allK() {
    Set<Integer> ks = new TreeSet<>();
    data.evals().forEach(e -> ks.add(e.snippets()));
    return ks;
  }

  /** The evals of each OK trial that has any, in trial order. */
  private Map<Trial, List<Eval>> perTrial() {
    Map<Trial, List<Eval>> out = new LinkedHashMap<>();
    for (Eval e : data.evals()) {
      out.computeIfAbsent(trials.get(e.trialId()), x -> new ArrayList<>()).add(e);
    }
    return out;
  }

  private static int compare(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
