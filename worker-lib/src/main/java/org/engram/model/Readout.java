package org.engram.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The readout (MODEL.md section 3.4): output neuron k emits {@code y_k = r . a'_out(k) + r0}.
 *
 * <p>A few hundred multiply-adds a step, done in Java on copies (see {@link HostArrays}): as ND4J
 * ops (a view, a copy, reshapes, a matrix product) the forward step alone made 18 native pointers
 * and 9 arrays, about a tenth of a meta-step's.
 */
final class Readout {
  private final int first;
  private final int outputs;
  private final int a;

  Readout(int firstOutput, int outputs, int activationSize) {
    this.first = firstOutput;
    this.outputs = outputs;
    this.a = activationSize;
  }

  /** Logits {@code [B, Dout]} in c order from the updated activations {@code [B, N, A]}. */
  double[] logits(MetaParameters theta, INDArray act) {
    int batch = (int) act.size(0);
    int n = (int) act.size(1);
    double[] values = HostArrays.doubles(act);
    double[] r = HostArrays.doubles(theta.get("r"));
    double r0 = theta.get("r0").getDouble(0);
    double[] y = new double[batch * outputs];
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < outputs; k++) {
        int from = (b * n + first + k) * a;
        double sum = 0;
        for (int i = 0; i < a; i++) {
          sum += values[from + i] * r[i];
        }
        y[b * outputs + k] = sum + r0;
      }
    }
    return y;
  }

  /**
   * Accumulates d r, d r0 and adds d a' of the output neurons into {@code dAct} ({@code [B, N, A]},
   * c order).
   *
   * @param dLogits d y of this step, {@code [B, Dout]} in c order
   */
  void backward(
      MetaParameters theta, MetaParameters grads, INDArray act, double[] dLogits, INDArray dAct) {
    int batch = (int) act.size(0);
    int n = (int) act.size(1);
    double[] values = HostArrays.doubles(act);
    double[] r = HostArrays.doubles(theta.get("r"));
    double[] dr = new double[a];
    double dr0 = 0;
    double[] dOut = new double[outputs * a]; // d a' of one lifetime's output neurons
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < outputs; k++) {
        double dy = dLogits[b * outputs + k];
        int from = (b * n + first + k) * a;
        dr0 += dy;
        for (int i = 0; i < a; i++) {
          dr[i] += values[from + i] * dy;
          dOut[k * a + i] = dy * r[i];
        }
      }
      HostArrays.addAt(dAct, (long) (b * n + first) * a, dOut);
    }
    HostArrays.add(grads.get("r"), dr);
    HostArrays.add(grads.get("r0"), new double[] {dr0});
  }
}
