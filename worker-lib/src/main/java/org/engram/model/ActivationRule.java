package org.engram.model;

import org.engram.runtime.Gemm;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The activation rule F_a (MODEL.md section 3.2), shared by every neuron: {@code u = [a, h, x~,
 * e]}, {@code z = tanh(W1 u + b1)}, {@code [c, g] = W2 z + b2}, {@code a' = (1 - sigma(g)) a +
 * sigma(g) tanh(c)}. All neurons of all lifetimes go through each op as one {@code [B*N, .]}
 * matrix, except float32 steps when the JVM has the Vector API: {@link VectorActivationRule}
 * computes those (the same arithmetic, without ND4J's cost per op).
 */
final class ActivationRule {
  private final int a;
  private final VectorActivationRule lanes; // float32 steps, when the JVM has the Vector API

  ActivationRule(int activationSize) {
    this(activationSize, VectorSupport.enabled());
  }

  /** With {@code vectorSteps} false, float32 steps run on ND4J too (for comparisons). */
  ActivationRule(int activationSize, boolean vectorSteps) {
    this.a = activationSize;
    this.lanes = vectorSteps ? new VectorActivationRule(activationSize) : null;
  }

  /** A rule whose float32 steps run on {@code lanes} (tests: with their own threads). */
  ActivationRule(VectorActivationRule lanes) {
    this.a = lanes.activationSize();
    this.lanes = lanes;
  }

  /** What the backward pass needs of one step. */
  interface Cache {}

  /** The ND4J path's {@link Cache}. */
  record ArrayCache(INDArray u, INDArray z, INDArray gate, INDArray tanhC, INDArray aFlat)
      implements Cache {}

  /**
   * One step for every neuron.
   *
   * @param act {@code [B, N, A]} activations before the step
   * @param msg {@code [B, N, A]} messages h
   * @param channel {@code [B, N]} external input x~ of each neuron
   * @param embedding {@code [B, N, E]} type embedding of each neuron
   * @return the new activations {@code [B, N, A]} and the cache
   */
  Step forward(
      MetaParameters theta, INDArray act, INDArray msg, INDArray channel, INDArray embedding) {
    if (lanes != null && VectorActivationRule.handles(act.dataType())) {
      return lanes.forward(theta, act, msg, channel, embedding);
    }
    long rows = act.size(0) * act.size(1);
    INDArray u =
        Nd4j.concat(2, act, msg, channel.reshape(act.size(0), act.size(1), 1), embedding)
            .reshape(rows, -1);
    INDArray z = Gemm.mm(u, false, theta.get("W1"), true).addiRowVector(theta.get("b1"));
    z = org.nd4j.linalg.ops.transforms.Transforms.tanh(z, false);
    INDArray out = Gemm.mm(z, false, theta.get("W2"), true).addiRowVector(theta.get("b2"));
    INDArray tanhC = Ops.tanh(Ops.cols(out, 0, a));
    INDArray gate = Ops.sigmoid(Ops.cols(out, a, 2L * a));
    INDArray aFlat = act.reshape(rows, a);
    INDArray next = Ops.gate(aFlat, gate, tanhC).reshape(act.size(0), act.size(1), a);
    return new Step(next, new ArrayCache(u, z, gate, tanhC, aFlat));
  }

  record Step(INDArray next, Cache cache) {}

  /**
   * Back-propagates d a' ({@code [B, N, A]}) through one step, accumulating into {@code grads}.
   * Writes d a (direct and through u) into {@code dAct} and d h into {@code dMsg} (both {@code [B,
   * N, A]}, whatever they held) and adds d e into {@code dEmbedding} ({@code [B*N, E]}): the
   * caller's arrays, kept from step to step, so that a backward step makes no new array for them.
   */
  void backward(
      MetaParameters theta,
      MetaParameters grads,
      Cache cache,
      INDArray dActNext,
      INDArray dAct,
      INDArray dMsg,
      INDArray dEmbedding) {
    if (cache instanceof VectorActivationRule.LaneCache lc) {
      lanes.backward(theta, grads, lc, dActNext, dAct, dMsg, dEmbedding);
      return;
    }
    long[] shape = dActNext.shape();
    INDArray dNext = dActNext.reshape(shape[0] * shape[1], a);
    ArrayCache c = (ArrayCache) cache;
    INDArray dOut = Ops.gateBackward(dNext, c.aFlat(), c.gate(), c.tanhC());
    Gemm.mmAdd(grads.get("W2"), dOut, true, c.z(), false);
    grads.get("b2").addi(dOut.sum(0));
    INDArray dPre = Gemm.mm(dOut, false, theta.get("W2"), false).muli(Ops.oneMinusSquare(c.z()));
    Gemm.mmAdd(grads.get("W1"), dPre, true, c.u(), false);
    grads.get("b1").addi(dPre.sum(0));
    INDArray du = Gemm.mm(dPre, false, theta.get("W1"), false);
    dAct.assign(dNext.mul(c.gate().rsub(1.0)).addi(Ops.cols(du, 0, a)).reshape(shape));
    dMsg.assign(Ops.cols(du, a, 2L * a).reshape(shape));
    dEmbedding.addi(Ops.cols(du, 2L * a + 1, du.size(1)));
  }
}
