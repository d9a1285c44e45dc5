package org.engram.model;

import org.engram.runtime.Gemm;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The message (MODEL.md section 3.1): {@code Z_i = fanIn(i)^-1/2 sum_j C_ij w_ij (outer) a_j},
 * {@code h_i = M vec(Z_i)} with {@code vec} row-major ({@code s*A + alpha}). Computed for the
 * receiving rows as one batched product {@code [B, R*S, N] x [B, N, A]}; the rows of input and
 * control neurons get h = 0. Entries of w without a synapse are exactly 0, so the sum over all j is
 * the masked sum.
 */
final class Message {
  private final int inputs;
  private final int receiving;
  private final int s;
  private final int a;
  private final INDArray invSqrtFanIn;

  Message(NetworkStructure structure, int synapseSize, int activationSize, INDArray invSqrtFanIn) {
    this.inputs = structure.inputCount();
    this.receiving = structure.receivingCount();
    this.s = synapseSize;
    this.a = activationSize;
    this.invSqrtFanIn = invSqrtFanIn;
  }

  /** What the backward pass needs of one step. */
  record Cache(INDArray wT, INDArray z, INDArray act) {}

  record Step(INDArray h, Cache cache) {}

  /**
   * @param act {@code [B, N, A]}
   * @param syn {@code [B, R, N, S]}
   * @return h {@code [B, N, A]}
   */
  Step forward(MetaParameters theta, INDArray act, INDArray syn) {
    long batch = act.size(0);
    long n = act.size(1);
    INDArray wT = syn.permute(0, 1, 3, 2).dup('c').reshape(batch, (long) receiving * s, n);
    INDArray z = Nd4j.matmul(wT, act).reshape(batch * receiving, (long) s * a);
    INDArray hR = Gemm.mm(z, false, theta.get("M"), true).reshape(batch, receiving, a);
    Nd4j.getExecutioner().exec(new BroadcastMulOp(hR, invSqrtFanIn, hR, 1));
    INDArray h = Nd4j.concat(1, Nd4j.zeros(act.dataType(), batch, inputs, a), hR);
    return new Step(h, new Cache(wT, z, act));
  }

  /** Gradients with respect to the step's activations and synapses. */
  record Grads(INDArray act, INDArray syn) {}

  /** Back-propagates d h ({@code [B, N, A]}), accumulating d M into {@code grads}. */
  Grads backward(MetaParameters theta, MetaParameters grads, Cache c, INDArray dH) {
    long batch = dH.size(0);
    long n = dH.size(1);
    INDArray dHR = Ops.mid(dH, inputs, n).dup('c');
    Nd4j.getExecutioner().exec(new BroadcastMulOp(dHR, invSqrtFanIn, dHR, 1));
    INDArray dHFlat = dHR.reshape(batch * receiving, a);
    Gemm.mmAdd(grads.get("M"), dHFlat, true, c.z(), false);
    INDArray dZ =
        Gemm.mm(dHFlat, false, theta.get("M"), false).reshape(batch, (long) receiving * s, a);
    INDArray dWT = Nd4j.matmul(dZ, c.act(), false, true, false);
    INDArray dSyn = dWT.reshape(batch, receiving, s, n).permute(0, 1, 3, 2).dup('c');
    INDArray dAct = Nd4j.matmul(c.wT(), dZ, true, false, false);
    return new Grads(dAct, dSyn);
  }
}
