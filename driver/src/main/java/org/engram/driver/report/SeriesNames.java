package org.engram.driver.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.engram.spec.NetworkType;

/**
 * Names the series of a report: the network type, then {@code key=value} for every spec key that
 * varies across the OK trials (the seed aside, which the intervals are over), e.g. {@code plastic,
 * task.snippets=1}. Ids, timing and provenance are not spec keys, so they never split a series.
 */
public final class SeriesNames {
  static final String TYPE_KEY = "network.type";

  /** The keys that set the network's size: the x axis of capacity against size, not a series. */
  public static final Set<String> SIZE_KEYS =
      Set.of("network.hidden", "task.patternSize", "task.valueSize");

  private final List<String> varying;
  private final List<String> types;

  private SeriesNames(List<String> varying, List<String> types) {
    this.varying = List.copyOf(varying);
    this.types = List.copyOf(types);
  }

  /** The naming of a set of OK trials. */
  public static SeriesNames of(Collection<ReportData.Trial> trials) {
    Map<String, Set<String>> values = new TreeMap<>();
    List<String> order = new ArrayList<>();
    Set<String> types = new LinkedHashSet<>();
    for (ReportData.Trial t : trials) {
      types.add(t.networkType());
      for (Map.Entry<String, String> e : t.spec().entrySet()) {
        if (values.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue())
            && !order.contains(e.getKey())) {
          order.add(e.getKey());
        }
      }
    }
    List<String> varying = new ArrayList<>();
    for (String k : order) {
      if (!k.equals(TYPE_KEY) && values.get(k).size() > 1) {
        varying.add(k);
      }
    }
    List<String> sortedTypes = new ArrayList<>(types);
    sortedTypes.sort(Comparator.comparingInt(SeriesNames::typeOrder).thenComparing(s -> s));
    return new SeriesNames(varying, sortedTypes);
  }

  /** The spec keys besides the network type that vary, in the fixed order of the spec. */
  public List<String> varying() {
    return varying;
  }

  /** The network types present, in {@link NetworkType}'s order. */
  public List<String> types() {
    return types;
  }

  /** The series of a trial. */
  public Key key(ReportData.Trial t) {
    return key(t, Set.of());
  }

  /** The series of a trial with the keys in {@code leaveOut} not splitting it. */
  public Key key(ReportData.Trial t, Set<String> leaveOut) {
    StringBuilder label = new StringBuilder(t.networkType());
    List<String> parts = new ArrayList<>();
    for (String k : varying) {
      if (!leaveOut.contains(k)) {
        String v = t.spec().get(k);
        label.append(", ").append(k).append('=').append(v);
        parts.add(v);
      }
    }
    return new Key(label.toString(), t.networkType(), types.indexOf(t.networkType()), parts);
  }

  private static int typeOrder(String label) {
    for (NetworkType t : NetworkType.values()) {
      if (t.label().equals(label)) {
        return t.ordinal();
      }
    }
    return Integer.MAX_VALUE;
  }

  /**
   * A series: its label, its network type, and the values of the varying keys that split it. Series
   * sort by network type, then by each value (numerically where both are numbers).
   *
   * @param label e.g. {@code plastic, task.snippets=1}
   * @param networkType e.g. {@code plastic}
   * @param typeIndex the type's position among the types present (its colour)
   * @param values the varying keys' values, in {@link #varying()}'s order
   */
  public record Key(String label, String networkType, int typeIndex, List<String> values)
      implements Comparable<Key> {
    public Key {
      values = List.copyOf(values);
    }

    @Override
    public int compareTo(Key o) {
      int c = Integer.compare(typeIndex, o.typeIndex);
      for (int i = 0; c == 0 && i < Math.min(values.size(), o.values.size()); i++) {
        c = compareValues(values.get(i), o.values.get(i));
      }
      return c != 0 ? c : label.compareTo(o.label);
    }

    private static int compareValues(String a, String b) {
      try {
        return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
      } catch (NumberFormatException e) {
        return a.compareTo(b);
      }
    }
  }
}
