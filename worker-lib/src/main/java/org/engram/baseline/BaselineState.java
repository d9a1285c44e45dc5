package org.engram.baseline;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The carried state of a baseline's B lifetimes: one or two {@code [B, ...]} arrays ({@code
 * hopfield} and {@code delta-rule}: W; {@code lstm}: h and c).
 */
record BaselineState(INDArray first, INDArray second) {

  INDArray[] arrays() {
    return second == null ? new INDArray[] {first} : new INDArray[] {first, second};
  }

  static BaselineState of(INDArray[] arrays) {
    return new BaselineState(arrays[0], arrays.length > 1 ? arrays[1] : null);
  }
}
