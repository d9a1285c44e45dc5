package org.engram.driver.grid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.engram.runtime.BuildInfo;
import org.engram.runtime.SpecJson;
import org.engram.spec.TrialSpec;

/**
 * A base spec plus grid axes, expanded as a cartesian product in a fixed order.
 *
 * <p>The order: axes are sorted by {@link SpecFields}' fixed key order (network, task, train, eval
 * components in declaration order, then {@code seed}), whatever their order in the file (HOCON
 * objects are unordered). The first axis varies slowest and {@code seed} fastest; each axis's
 * values keep their listed order. So adding a value to an axis adds trials without changing the ids
 * of the others.
 *
 * @param base a value for every spec key (the defaults with the file's overrides)
 * @param axes the grid axes; at most one per key
 */
public record Grid(Map<String, Object> base, List<Axis> axes) {

  public Grid {
    base = new LinkedHashMap<>(base);
    List<Axis> sorted = new ArrayList<>(axes);
    sorted.sort(Comparator.comparingInt(a -> SpecFields.order(a.key())));
    Set<String> seen = new HashSet<>();
    for (Axis a : sorted) {
      if (!seen.add(a.key())) {
        throw new IllegalArgumentException("grid axis " + a.key() + " is given twice");
      }
    }
    axes = List.copyOf(sorted);
  }

  /** The number of points: the product of the axes' sizes. */
  public long size() {
    long n = 1;
    for (Axis a : axes) {
      n = Math.multiplyExact(n, a.values().size());
    }
    return n;
  }

  /**
   * Every trial, in the fixed order. Invalid points are collected, not thrown one at a time, and
   * reported together; duplicate specs (e.g. an axis listing a value twice) are kept once.
   *
   * @throws GridException listing every distinct problem
   */
  public List<Trial> expand() {
    List<Trial> trials = new ArrayList<>();
    Map<String, Map<String, Object>> problems = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    StructureCheck structure = new StructureCheck();
    int[] idx = new int[axes.size()];
    long n = size();
    for (long p = 0; p < n; p++) {
      Map<String, Object> values = new LinkedHashMap<>(base);
      Map<String, Object> point = new LinkedHashMap<>();
      for (int a = 0; a < axes.size(); a++) {
        Object v = axes.get(a).values().get(idx[a]);
        values.put(axes.get(a).key(), v);
        point.put(axes.get(a).key(), v);
      }
      try {
        TrialSpec spec = SpecFields.build(values);
        structure.check(spec);
        String json = SpecJson.write(spec);
        String id = TrialIds.of(json, BuildInfo.CODE_VERSION);
        if (ids.add(id)) {
          trials.add(new Trial(id, trials.size(), spec, json, point));
        }
      } catch (IllegalArgumentException e) {
        problems.putIfAbsent(e.getMessage(), point);
        counts.merge(e.getMessage(), 1, Integer::sum);
      }
      advance(idx);
    }
    if (!problems.isEmpty()) {
      List<String> lines = new ArrayList<>();
      problems.forEach((msg, at) -> lines.add(msg + where(at, counts.get(msg), n)));
      throw new GridException(lines);
    }
    return trials;
  }

  private static String where(Map<String, Object> point, int count, long points) {
    if (count == points) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" (at ").append(count).append(" of ").append(points);
    sb.append(" grid points, e.g. ");
    point.forEach((k, v) -> sb.append(k).append('=').append(SpecFields.format(v)).append(' '));
    return sb.toString().stripTrailing() + ")";
  }

  /** Odometer increment with the last axis fastest. */
  private void advance(int[] idx) {
    for (int a = axes.size() - 1; a >= 0; a--) {
      if (++idx[a] < axes.get(a).values().size()) {
        return;
      }
      idx[a] = 0;
    }
  }
}
