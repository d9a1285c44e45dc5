package org.engram.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Small tensor helpers shared by the rules; each is one or two whole-tensor ND4J ops. */
final class Ops {
  private Ops() {}

  /**
   * The matrix product {@code op(a) op(b)} into a new c-order array. {@code Nd4j.gemm} into a
   * preallocated c-order result is about ten times faster here than {@code mmul} on the skinny
   * {@code [B*R*N, S] x [S, Hs]} products of the synapse rule (measured with ND4J 1.0.0-M2.1).
   */

  /** {@code acc += op(a) op(b)}; {@code acc} must be a contiguous c-order matrix. */

  /** Columns {@code [from, to)} of a 2-D array, as a view. */
  static INDArray cols(INDArray m, long from, long to) {
    return m.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
  }

  /** Rows {@code [from, to)} along dimension 1 of a 3-D array, as a view. */
  static INDArray mid(INDArray t, long from, long to) {
    INDArrayIndex all = NDArrayIndex.all();
    return t.get(all, NDArrayIndex.interval(from, to), all);
  }

  /** Component 0 of the last dimension of a 3-D array, {@code [d0, d1]}, as a view. */
  static INDArray first(INDArray t) {
    return t.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0));
  }

  /** sigma(x), a new array. */
  static INDArray sigmoid(INDArray x) {
    return Transforms.sigmoid(x, true);
  }

  /** tanh(x), a new array. */
  static INDArray tanh(INDArray x) {
    return Transforms.tanh(x, true);
  }

  /** 1 - x^2 (the tanh derivative from its output), a new array. */
  static INDArray oneMinusSquare(INDArray x) {
    return x.mul(x).rsubi(1.0);
  }

  /** sigma (1 - sigma) (the sigmoid derivative from its output), a new array. */
  static INDArray sigmoidSlope(INDArray s) {
    return s.rsub(1.0).muli(s);
  }

  /**
   * Gradients of a gated update {@code x' = (1 - s) x + s tanh(c)}, {@code s = sigma(g)}, given d
   * x'. Returns {@code [dc, dg]} concatenated along columns; the direct part {@code dx' (1 - s)} is
   * left to the caller.
   */
  static INDArray gateBackward(INDArray dNew, INDArray x, INDArray s, INDArray tc) {
    INDArray dg = dNew.mul(tc.sub(x)).muli(sigmoidSlope(s));
    INDArray dc = dNew.mul(s).muli(oneMinusSquare(tc));
    return Nd4j.concat(1, dc, dg);
  }

  /** The gated update {@code x + s (tanh(c) - x)}, a new array. */
  static INDArray gate(INDArray x, INDArray s, INDArray tc) {
    return tc.sub(x).muli(s).addi(x);
  }
}
