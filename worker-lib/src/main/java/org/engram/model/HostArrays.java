package org.engram.model;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies between ND4J arrays and Java arrays without making ND4J arrays on the way.
 *
 * <p>Why: every ND4J array, a view or a {@code dup} included, registers two native pointers (data
 * and shape), and each pointer costs a weak and a phantom reference that the garbage collector must
 * discover and copy and that ND4J's and JavaCPP's deallocator threads must then process. A
 * smoke-sized meta-step made about 1,200 of them, a third of them only to read small arrays into
 * the Java kernels; on a busy executor the collector and deallocator threads took 40% as much CPU
 * as the trial itself. A contiguous c-order array is instead copied in bulk through its buffer's
 * address, which is the view's first element (measured: 0.7 us for 6,144 floats against 14 us for
 * {@code dup} and {@code asFloat}, and no pointer registered). Other layouts fall back to a c-order
 * copy.
 */
final class HostArrays {
  private HostArrays() {}

  /**
   * Whether x's elements are one run in c order (its strides are those of a fresh c array) that
   * starts at its buffer's address (a view's buffer starts at the view's first element).
   */
  static boolean contiguous(INDArray x) {
    if (x.offset() != x.data().offset()) {
      return false;
    }
    long[] shape = x.shape();
    long[] stride = x.stride();
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }

  /** x's values in c order, as floats. */
  static float[] floats(INDArray x) {
    float[] v = new float[Math.toIntExact(x.length())];
    if (x.dataType() == DataType.FLOAT && contiguous(x)) {
      new FloatPointer(x.data().addressPointer()).get(v);
      return v;
    }
    if (x.dataType() == DataType.DOUBLE && contiguous(x)) {
      double[] d = new double[v.length];
      new DoublePointer(x.data().addressPointer()).get(d);
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) d[i];
      }
      return v;
    }
    INDArray c = x.castTo(DataType.FLOAT).dup('c');
    float[] all = c.data().asFloat();
    return all.length == v.length ? all : c.reshape(x.length()).toFloatVector();
  }

  /** x's values in c order, as doubles. */
  static double[] doubles(INDArray x) {
    double[] v = new double[Math.toIntExact(x.length())];
    if (x.dataType() == DataType.DOUBLE && contiguous(x)) {
      new DoublePointer(x.data().addressPointer()).get(v);
      return v;
    }
    if (x.dataType() == DataType.FLOAT && contiguous(x)) {
      float[] f = new float[v.length];
      new FloatPointer(x.data().addressPointer()).get(f);
      for (int i = 0; i < v.length; i++) {
        v[i] = f[i];
      }
      return v;
    }
    INDArray c = x.castTo(DataType.DOUBLE).dup('c');
    double[] all = c.data().asDouble();
    return all.length == v.length ? all : c.reshape(x.length()).toDoubleVector();
  }

  /** {@code length} of x's values in c order from element {@code at}, as doubles. */
  static double[] doubles(INDArray x, long at, int length) {
    checkRange(x, at, length);
    double[] v = new double[length];
    if (x.dataType() == DataType.DOUBLE && contiguous(x)) {
      new DoublePointer(x.data().addressPointer()).position(at).get(v);
    } else if (x.dataType() == DataType.FLOAT && contiguous(x)) {
      float[] f = new float[length];
      new FloatPointer(x.data().addressPointer()).position(at).get(f);
      for (int i = 0; i < length; i++) {
        v[i] = f[i];
      }
    } else {
      System.arraycopy(doubles(x), Math.toIntExact(at), v, 0, length);
    }
    return v;
  }

  /**
   * Whether {@link #write} and {@link #add} reach {@code x} directly: a contiguous c-order float32
   * or float64 array.
   */
  static boolean writable(INDArray x) {
    DataType t = x.dataType();
    return (t == DataType.FLOAT || t == DataType.DOUBLE) && contiguous(x);
  }

  /** Sets x (c order) to v; x must be {@link #writable}. */
  static void write(INDArray x, float[] v) {
    check(x, v.length);
    if (x.dataType() == DataType.FLOAT) {
      new FloatPointer(x.data().addressPointer()).put(v);
    } else {
      double[] d = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        d[i] = v[i];
      }
      new DoublePointer(x.data().addressPointer()).put(d);
    }
  }

  /** Sets x (c order) to v; x must be {@link #writable}. */
  static void write(INDArray x, double[] v) {
    check(x, v.length);
    if (x.dataType() == DataType.DOUBLE) {
      new DoublePointer(x.data().addressPointer()).put(v);
    } else {
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) v[i];
      }
      new FloatPointer(x.data().addressPointer()).put(f);
    }
  }

  /** {@code x += v} in c order, in x's precision; x must be {@link #writable}. */
  static void add(INDArray x, float[] v) {
    check(x, v.length);
    if (x.dataType() == DataType.FLOAT) {
      FloatPointer p = new FloatPointer(x.data().addressPointer());
      float[] sum = new float[v.length];
      p.get(sum);
      for (int i = 0; i < v.length; i++) {
        sum[i] += v[i];
      }
      p.put(sum);
    } else {
      DoublePointer p = new DoublePointer(x.data().addressPointer());
      double[] sum = new double[v.length];
      p.get(sum);
      for (int i = 0; i < v.length; i++) {
        sum[i] += v[i];
      }
      p.put(sum);
    }
  }

  /** {@code x += v} in c order, in x's precision; x must be {@link #writable}. */
  static void add(INDArray x, double[] v) {
    check(x, v.length);
    if (x.dataType() == DataType.DOUBLE) {
      DoublePointer p = new DoublePointer(x.data().addressPointer());
      double[] sum = new double[v.length];
      p.get(sum);
      for (int i = 0; i < v.length; i++) {
        sum[i] += v[i];
      }
      p.put(sum);
    } else {
      FloatPointer p = new FloatPointer(x.data().addressPointer());
      float[] sum = new float[v.length];
      p.get(sum);
      for (int i = 0; i < v.length; i++) {
        sum[i] = (float) (sum[i] + v[i]);
      }
      p.put(sum);
    }
  }

  /**
   * {@code x[at + i] += v[i]} in c order, in x's precision: a run of a larger array; x must be
   * {@link #writable}.
   */
  static void addAt(INDArray x, long at, double[] v) {
    check(x, x.length());
    checkRange(x, at, v.length);
    if (x.dataType() == DataType.DOUBLE) {
      DoublePointer p = new DoublePointer(x.data().addressPointer()).position(at);
      double[] sum = new double[v.length];
      p.get(sum);
      for (int i = 0; i < v.length; i++) {
        sum[i] += v[i];
      }
      p.put(sum);
    } else {
      FloatPointer p = new FloatPointer(x.data().addressPointer()).position(at);
      float[] sum = new float[v.length];
      p.get(sum);
      for (int i = 0; i < v.length; i++) {
        sum[i] = (float) (sum[i] + v[i]);
      }
      p.put(sum);
    }
  }

  /** Sets {@code x[at + i] = v[i]} in c order; x must be {@link #writable}. */
  static void writeAt(INDArray x, long at, double[] v) {
    check(x, x.length());
    checkRange(x, at, v.length);
    if (x.dataType() == DataType.DOUBLE) {
      new DoublePointer(x.data().addressPointer()).position(at).put(v);
    } else {
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) v[i];
      }
      new FloatPointer(x.data().addressPointer()).position(at).put(f);
    }
  }

  private static void checkRange(INDArray x, long at, int length) {
    if (at < 0 || length < 0 || at + length > x.length()) {
      throw new IndexOutOfBoundsException(
          "elements ["
              + at
              + ", "
              + (at + length)
              + ") of an array of "
              + x.length()
              + " elements");
    }
  }

  private static void check(INDArray x, long length) {
    if (!writable(x)) {
      throw new IllegalArgumentException(
          "expected a contiguous c-order float or double array, got "
              + x.dataType()
              + " of shape "
              + java.util.Arrays.toString(x.shape())
              + " and strides "
              + java.util.Arrays.toString(x.stride()));
    }
    if (x.length() != length) {
      throw new IllegalArgumentException(
          "expected " + x.length() + " values for " + x.shapeInfoToString() + ", got " + length);
    }
  }
}
