package org.engram.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.engram.spec.NetworkType;

/**
 * Names, shapes and order of the meta-parameters theta of one network (MODEL.md sections 3 and 4,
 * golden README "params"). The order is the golden files' order; theta never grows with N or D.
 */
public final class ParameterLayout {
  private final Map<String, long[]> shapes;
  private final Map<String, Long> offsets;
  private final long totalSize;
  private final NetworkType type;
  private final int a;
  private final int s;
  private final int e;

  private ParameterLayout(NetworkType type, Map<String, long[]> shapes, int a, int s, int e) {
    this.type = type;
    this.shapes = Collections.unmodifiableMap(shapes);
    this.a = a;
    this.s = s;
    this.e = e;
    Map<String, Long> off = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<String, long[]> entry : shapes.entrySet()) {
      off.put(entry.getKey(), total);
      total += count(entry.getValue());
    }
    this.offsets = Collections.unmodifiableMap(off);
    this.totalSize = total;
  }

  /**
   * The layout for a network type and sizes.
   *
   * @param typeCount rows of the embedding table
   * @param a activation state size A
   * @param s effective synapse state size S (1 for scalar-synapse and hebbian)
   * @param e embedding size E
   * @param ha hidden width of the activation rule
   * @param hs hidden width of the synapse rule
   */
  public static ParameterLayout of(
      NetworkType type, int typeCount, int a, int s, int e, int ha, int hs) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put("e", new long[] {typeCount, e});
    shapes.put("w0", new long[] {s});
    shapes.put("M", new long[] {a, (long) s * a});
    shapes.put("W1", new long[] {ha, 2L * a + 1 + e});
    shapes.put("b1", new long[] {ha});
    shapes.put("W2", new long[] {2L * a, ha});
    shapes.put("b2", new long[] {2L * a});
    if (type.hasLearnedSynapseRule()) {
      shapes.put("U1", new long[] {hs, s + 2L * a + 2L * e});
      shapes.put("d1", new long[] {hs});
      shapes.put("U2", new long[] {2L * s, hs});
      shapes.put("d2", new long[] {2L * s});
    }
    if (type == NetworkType.HEBBIAN) {
      shapes.put("lam", new long[] {1});
      shapes.put("eta", new long[] {1});
    }
    shapes.put("r", new long[] {a});
    shapes.put("r0", new long[] {1});
    return new ParameterLayout(type, shapes, a, s, e);
  }

  /**
   * A layout of the given names and shapes, in the map's order: the meta-parameters of a baseline
   * (MODEL.md section 4), which has no embeddings, messages or rules.
   */
  public static ParameterLayout named(NetworkType type, Map<String, long[]> shapes) {
    Map<String, long[]> copy = new LinkedHashMap<>();
    shapes.forEach((name, shape) -> copy.put(name, shape.clone()));
    return new ParameterLayout(type, copy, 0, 0, 0);
  }

  /** Parameter names in canonical order. */
  public List<String> names() {
    return List.copyOf(shapes.keySet());
  }

  public boolean has(String name) {
    return shapes.containsKey(name);
  }

  public long[] shape(String name) {
    long[] shape = shapes.get(name);
    if (shape == null) {
      throw new IllegalArgumentException(
          "no meta-parameter '"
              + name
              + "' for network type "
              + type.label()
              + "; have "
              + names());
    }
    return shape.clone();
  }

  long offset(String name) {
    shape(name);
    return offsets.get(name);
  }

  /** Number of meta-parameters. */
  public long totalSize() {
    return totalSize;
  }

  public NetworkType networkType() {
    return type;
  }

  int activationSize() {
    return a;
  }

  int synapseSize() {
    return s;
  }

  int embeddingSize() {
    return e;
  }

  static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
