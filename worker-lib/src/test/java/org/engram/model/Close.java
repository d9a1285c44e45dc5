package org.engram.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Element-wise comparison with a relative tolerance and an absolute floor, naming the index. */
public final class Close {
  private Close() {}

  /**
   * Fails unless every entry has {@code |actual - expected| <= max(rel * |expected|, abs)}; the
   * message names the quantity, the multi-index and both values.
   */
  public static void assertClose(
      String what, INDArray expected, INDArray actual, double rel, double abs) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    for (int i = 0; i < e.length; i++) {
      assertClose(what, index(expected.shape(), i), e[i], a[i], rel, abs);
    }
  }

  public static void assertClose(
      String what, String index, double expected, double actual, double rel, double abs) {
    double err = Math.abs(actual - expected);
    if (!(err <= Math.max(rel * Math.abs(expected), abs))) {
      fail(
          String.format(
              "%s%s: expected %.17g, got %.17g (abs error %.3g, rel error %.3g)",
              what, index, expected, actual, err, err / Math.abs(expected)));
    }
  }

  static String index(long[] shape, int flat) {
    long[] idx = new long[shape.length];
    long rest = flat;
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = rest % shape[d];
      rest /= shape[d];
    }
    return Arrays.toString(idx);
  }
}
