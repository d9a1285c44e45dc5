package org.engram.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The meta-parameters theta (or a gradient of the same layout): one flat buffer with a named view
 * per parameter, so that the optimiser and the gradient norm act on one array while the network
 * reads named matrices.
 */
public final class MetaParameters {
  private final ParameterLayout layout;
  private final INDArray flat;
  private final Map<String, INDArray> views = new LinkedHashMap<>();

  private MetaParameters(ParameterLayout layout, INDArray flat) {
    if (flat.length() != layout.totalSize() || !flat.isVector()) {
      throw new IllegalArgumentException(
          "flat buffer must hold " + layout.totalSize() + " values, got " + flat.length());
    }
    this.layout = layout;
    this.flat = flat;
    for (String name : layout.names()) {
      long off = layout.offset(name);
      long[] shape = layout.shape(name);
      INDArray view = flat.get(NDArrayIndex.interval(off, off + ParameterLayout.count(shape)));
      // A vector parameter is the interval itself: one array less per parameter and gradient.
      views.put(name, shape.length == 1 ? view : view.reshape('c', shape));
    }
  }

  /** All zeros: the start of a gradient accumulation. */
  public static MetaParameters zeros(ParameterLayout layout, DataType dtype) {
    return new MetaParameters(layout, Nd4j.zeros(dtype, layout.totalSize()));
  }

  /** Wraps an existing flat buffer (not copied). */
  public static MetaParameters wrap(ParameterLayout layout, INDArray flat) {
    return new MetaParameters(layout, flat);
  }

  /**
   * MODEL.md section 3 initialisation: Glorot-uniform matrices ({@code e} as a {@code [types, E]}
   * matrix, {@code r} as a {@code 1 x A} matrix), zero biases and {@code w0}, the gate halves of
   * {@code b2} and {@code d2} at {@code gateBias}; hebbian {@code lam}, {@code eta} at their
   * initial values (section 4).
   */
  public static MetaParameters initialize(
      ParameterLayout layout,
      DataType dtype,
      double gateBias,
      double hebbianLambda,
      double hebbianEta,
      SplittableRandom rng) {
    double[] values = new double[(int) layout.totalSize()];
    for (String name : layout.names()) {
      long[] shape = layout.shape(name);
      int off = (int) layout.offset(name);
      int n = (int) ParameterLayout.count(shape);
      switch (name) {
        case "e", "M", "W1", "W2", "U1", "U2", "r" -> {
          long fanOut = shape.length == 2 ? shape[0] : 1;
          long fanIn = shape.length == 2 ? shape[1] : shape[0];
          double limit = Math.sqrt(6.0 / (fanIn + fanOut));
          for (int i = 0; i < n; i++) {
            values[off + i] = (rng.nextDouble() * 2 - 1) * limit;
          }
        }
        case "b2", "d2" -> {
          // [c, g]: the second half is the gate, biased so that states change slowly at first.
          for (int i = n / 2; i < n; i++) {
            values[off + i] = gateBias;
          }
        }
        case "lam" -> values[off] = hebbianLambda;
        case "eta" -> values[off] = hebbianEta;
        default -> {
          // biases, w0 and r0 start at zero
        }
      }
    }
    return new MetaParameters(layout, Nd4j.create(values, new long[] {values.length}, dtype));
  }

  /** The named parameter, a view into the flat buffer (writes go through). */
  public INDArray get(String name) {
    INDArray v = views.get(name);
    if (v == null) {
      layout.shape(name); // throws with the list of names
    }
    return v;
  }

  /** The flat buffer, {@code [P]}. */
  public INDArray flat() {
    return flat;
  }

  public ParameterLayout layout() {
    return layout;
  }

  public DataType dtype() {
    return flat.dataType();
  }

  /** Zeros of the same layout and precision. */
  public MetaParameters zerosLike() {
    return zeros(layout, flat.dataType());
  }

  /** A deep copy. */
  public MetaParameters copy() {
    return new MetaParameters(layout, flat.dup());
  }

  /** A copy in another precision. */
  public MetaParameters castTo(DataType dtype) {
    return new MetaParameters(layout, flat.castTo(dtype).dup());
  }

  /** Global L2 norm over every entry, computed in double. */
  public double norm2() {
    return norm2(values());
  }

  /** The L2 norm of values, computed in double. */
  public static double norm2(double[] values) {
    double sum = 0;
    for (double x : values) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }

  /** Every value of the flat buffer in order, as a new Java array (one bulk copy). */
  public double[] values() {
    return HostArrays.doubles(flat);
  }

  /** Sets every value of the flat buffer, rounded to its precision. */
  public void setValues(double[] values) {
    HostArrays.set(flat, values); // which refuses a wrong count, naming both
  }
}
