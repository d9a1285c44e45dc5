package org.engram.model;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
    if (x.dataType() == DataType.FLOAT && contiguous(x)) {
      float[] v = new float[Math.toIntExact(x.length())];
      new FloatPointer(x.data().addressPointer()).get(v);
      return v;
    }
    if (writable(x)) { // float64
      double[] d = readRun(x, 0, Math.toIntExact(x.length()));
      float[] v = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        v[i] = (float) d[i];
      }
      return v;
    }
    INDArray c = x.castTo(DataType.FLOAT).dup('c');
    float[] all = c.data().asFloat();
    return all.length == x.length() ? all : c.reshape(x.length()).toFloatVector();
  }

  /** x's values in c order, as doubles. */
  static double[] doubles(INDArray x) {
    if (writable(x)) {
      return readRun(x, 0, Math.toIntExact(x.length()));
    }
    INDArray c = x.castTo(DataType.DOUBLE).dup('c');
    double[] all = c.data().asDouble();
    return all.length == x.length() ? all : c.reshape(x.length()).toDoubleVector();
  }

  /** {@code length} of x's values in c order from element {@code at}, as doubles. */
  static double[] doubles(INDArray x, long at, int length) {
    checkRange(x, at, length);
    if (writable(x)) {
      return readRun(x, at, length);
    }
    double[] v = new double[length];
    System.arraycopy(doubles(x), Math.toIntExact(at), v, 0, length);
    return v;
  }

  /**
   * Whether x's buffer is read and written directly ({@link #writeAt} and {@link #addAt} need it):
   * a contiguous float or double array.
   */
  static boolean writable(INDArray x) {
    DataType t = x.dataType();
    return (t == DataType.FLOAT || t == DataType.DOUBLE) && contiguous(x);
  }

  /** Sets {@code x[at + i] = v[i]} (c order, in x's precision); x must be {@link #writable}. */
  static void writeAt(INDArray x, long at, double[] v) {
    checkWritable(x);
    checkRange(x, at, v.length);
    writeRun(x, at, v);
  }

  /** {@code x[at + i] += v[i]} (c order, in x's precision); x must be {@link #writable}. */
  static void addAt(INDArray x, long at, double[] v) {
    checkWritable(x);
    checkRange(x, at, v.length);
    double[] sum = readRun(x, at, v.length);
    for (int i = 0; i < v.length; i++) {
      sum[i] += v[i];
    }
    writeRun(x, at, sum);
  }

  /**
   * {@code x += v} (c order, in x's precision): through the buffer where x is {@link #writable},
   * else as an ND4J array.
   */
  static void add(INDArray x, double[] v) {
    checkLength(x, v.length);
    if (writable(x)) {
      addAt(x, 0, v);
    } else {
      x.addi(Nd4j.create(v, x.shape(), x.dataType()));
    }
  }

  /**
   * {@code x = v} (c order, in x's precision): through the buffer where x is {@link #writable},
   * else as an ND4J array.
   */
  static void set(INDArray x, double[] v) {
    checkLength(x, v.length);
    if (writable(x)) {
      writeRun(x, 0, v);
    } else {
      x.assign(Nd4j.create(v, x.shape(), x.dataType()));
    }
  }

  /**
   * {@link #set(INDArray, double[])} of floats: into a contiguous float32 array straight through
   * its buffer, with no wider copy (a step's arrays are large enough for that to show).
   */
  static void set(INDArray x, float[] v) {
    checkLength(x, v.length);
    if (x.dataType() == DataType.FLOAT && contiguous(x)) {
      new FloatPointer(x.data().addressPointer()).put(v);
    } else if (writable(x)) {
      writeRun(x, 0, widened(v));
    } else {
      x.assign(Nd4j.create(v, x.shape(), 'c'));
    }
  }

  /** {@link #add(INDArray, double[])} of floats. */
  static void add(INDArray x, float[] v) {
    checkLength(x, v.length);
    if (x.dataType() == DataType.FLOAT && contiguous(x)) {
      // float + float rounds once, as ND4J's float32 add does
      FloatPointer buffer = new FloatPointer(x.data().addressPointer());
      float[] sum = new float[v.length];
      buffer.get(sum);
      for (int i = 0; i < v.length; i++) {
        sum[i] += v[i];
      }
      buffer.put(sum);
    } else if (writable(x)) { // float64
      addAt(x, 0, widened(v));
    } else {
      x.addi(Nd4j.create(v, x.shape(), 'c'));
    }
  }

  private static double[] widened(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  /** A run of a writable array, widened to doubles. */
  private static double[] readRun(INDArray x, long at, int length) {
    double[] v = new double[length];
    if (x.dataType() == DataType.DOUBLE) {
      new DoublePointer(x.data().addressPointer()).position(at).get(v);
    } else {
      float[] f = new float[length];
      new FloatPointer(x.data().addressPointer()).position(at).get(f);
      for (int i = 0; i < length; i++) {
        v[i] = f[i];
      }
    }
    return v;
  }

  /** Writes a run of a writable array, rounding to its precision. */
  private static void writeRun(INDArray x, long at, double[] v) {
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

  private static void checkLength(INDArray x, int length) {
    if (x.length() != length) {
      throw new IllegalArgumentException(
          "expected " + x.length() + " values for " + x.shapeInfoToString() + ", got " + length);
    }
  }

  private static void checkWritable(INDArray x) {
    if (!writable(x)) {
      throw new IllegalArgumentException(
          "expected a contiguous c-order float or double array, got "
              + x.dataType()
              + " of shape "
              + java.util.Arrays.toString(x.shape())
              + " and strides "
              + java.util.Arrays.toString(x.stride()));
    }
  }
}
