package org.engram.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The readout (MODEL.md section 3.4): output neuron k emits {@code y_k = r . a'_out(k) + r0}. */
final class Readout {
  private final int first;
  private final int outputs;
  private final int a;

  Readout(int firstOutput, int outputs, int activationSize) {
    this.first = firstOutput;
    this.outputs = outputs;
    this.a = activationSize;
  }

  /** Logits {@code [B, Dout]} from the updated activations {@code [B, N, A]}. */
  INDArray forward(MetaParameters theta, INDArray act) {
    long batch = act.size(0);
    INDArray out = Ops.mid(act, first, first + outputs).dup('c').reshape(batch * outputs, a);
    return out.mmul(theta.get("r").reshape(a, 1))
        .addi(theta.get("r0").getDouble(0))
        .reshape(batch, outputs);
  }

  /**
   * Accumulates d r, d r0 and adds d a' of the output neurons into {@code dAct} ({@code [B, N,
   * A]}).
   */
  void backward(
      MetaParameters theta, MetaParameters grads, INDArray act, INDArray dLogits, INDArray dAct) {
    long batch = act.size(0);
    INDArray out = Ops.mid(act, first, first + outputs).dup('c').reshape(batch * outputs, a);
    INDArray dy = dLogits.reshape(batch * outputs, 1);
    grads.get("r").addi(out.transpose().mmul(dy).reshape(a));
    grads.get("r0").addi(dy.sumNumber().doubleValue());
    Ops.mid(dAct, first, first + outputs)
        .addi(dy.mmul(theta.get("r").reshape(1, a)).reshape(batch, outputs, a));
  }
}
