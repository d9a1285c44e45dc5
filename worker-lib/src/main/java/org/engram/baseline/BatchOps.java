package org.engram.baseline;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Whole-tensor helpers of the baselines, batched over the B lifetimes. */
final class BatchOps {
  private BatchOps() {}

  /** {@code W x} per lifetime: {@code [B, M, N] x [B, N] -> [B, M]}. */
  static INDArray matVec(INDArray w, INDArray x) {
    long b = w.size(0);
    return Nd4j.matmul(w, x.reshape(b, w.size(2), 1)).reshape(b, w.size(1));
  }

  /** {@code a b^T} per lifetime: {@code [B, M] x [B, N] -> [B, M, N]}. */
  static INDArray outer(INDArray a, INDArray b) {
    long n = a.size(0);
    return Nd4j.matmul(a.reshape(n, a.size(1), 1), b.reshape(n, 1, b.size(1)));
  }

  /**
   * {@code op(a) op(b)} into a new c-order matrix: {@code Nd4j.gemm} into a preallocated c-order
   * result is much faster than {@code mmul} on ND4J 1.0.0-M2.1 (see {@code model.Ops}).
   */

  /** {@code acc += op(a) op(b)}; {@code acc} a contiguous c-order matrix. */

  /** Columns {@code [from, to)} of a 2-D array, as a new c-order array. */
  static INDArray cols(INDArray m, long from, long to) {
    return m.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c');
  }

  /** The sum of every entry, in double. */
  static double sum(INDArray x) {
    return x.sumNumber().doubleValue();
  }
}
