package org.engram.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Walks a window's input stream step by step, asserting every channel, so layout tests read like
 * MODEL.md section 5: "present steps showing p with store = 1, then gap blank steps, ...".
 */
final class StepAssert {
  private final INDArray x;
  private final int b;
  private final int d;
  private final int dout;
  private int t;

  StepAssert(INDArray x, int b, int d, int dout) {
    this.x = x;
    this.b = b;
    this.d = d;
    this.dout = dout;
  }

  /**
   * Asserts the next {@code count} steps show {@code data} (null = zeros) on the data channels,
   * {@code target} (null = zeros) on the target channels and the given control values.
   */
  StepAssert steps(int count, int[] data, int store, int recall, int[] target) {
    for (int i = 0; i < count; i++, t++) {
      for (int c = 0; c < d; c++) {
        assertChannel(c, data == null ? 0 : data[c]);
      }
      assertChannel(d, store);
      assertChannel(d + 1, recall);
      for (int k = 0; k < dout; k++) {
        assertChannel(d + 2 + k, target == null ? 0 : target[k]);
      }
    }
    return this;
  }

  StepAssert blank(int count) {
    return steps(count, null, 0, 0, null);
  }

  /** The step the next assertion would check. */
  int step() {
    return t;
  }

  void assertEnd() {
    assertEquals(x.size(0), t, "window length");
  }

  private void assertChannel(int c, double expected) {
    double v = x.getDouble(t, b, c);
    assertEquals(expected, v, 0.0, "x[" + t + "][" + b + "][" + c + "]");
    // +0.0 only (golden/README.md): a -0.0 would differ bit for bit from the reference's stream.
    if (v == 0) {
      assertEquals(0L, Double.doubleToRawLongBits(v), "-0.0 at x[" + t + "][" + b + "][" + c + "]");
    }
  }
}
