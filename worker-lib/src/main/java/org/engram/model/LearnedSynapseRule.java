package org.engram.model;

import org.engram.runtime.Gemm;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The learned synapse rule F_s (MODEL.md section 3.3), shared by every synapse: {@code v_ij =
 * [w_ij, a'_i, a_j, e_i, e_j]}, {@code z = tanh(U1 v_ij + d1)}, {@code [c, g] = U2 z + d2}, {@code
 * w' = (1 - sigma(g)) w + sigma(g) tanh(c)}, masked by C.
 *
 * <p>The first layer is factorised as section 3.3 requires: {@code U1 v_ij = Uw w_ij + P_i + Q_j}
 * with the post part {@code P_i = Upa a'_i + Upe e_i + d1} and the pre part {@code Q_j = Uqa a_j +
 * Uqe e_j} computed once per neuron and broadcast over the {@code [B, R, N, Hs]} hidden layer, so
 * the per-synapse cost is {@code O(S Hs + Hs 2S)}. The type parts {@code Upe e_i + d1} and {@code
 * Uqe e_j} are constant over a window and computed once in {@link #begin}.
 */
final class LearnedSynapseRule implements SynapseRule {
  private final int inputs;
  private final int s;
  private final int a;
  private final int e;
  private final INDArray mask;

  /**
   * @param mask {@code [R, N]} connectivity of the receiving rows
   */
  LearnedSynapseRule(
      NetworkStructure structure,
      int synapseSize,
      int activationSize,
      int embeddingSize,
      INDArray mask) {
    this.inputs = structure.inputCount();
    this.s = synapseSize;
    this.a = activationSize;
    this.e = embeddingSize;
    this.mask = mask;
  }

  private record Cache(
      INDArray wFlat,
      INDArray z,
      INDArray gate,
      INDArray tanhC,
      INDArray postAct,
      INDArray preAct) {}

  @Override
  public Pass begin(MetaParameters theta, INDArray embeddings) {
    return new WindowPass(theta, embeddings);
  }

  /** Column blocks of U1, in the order of {@code v_ij}. */
  private INDArray uw(INDArray u1) {
    return Ops.cols(u1, 0, s);
  }

  private INDArray upa(INDArray u1) {
    return Ops.cols(u1, s, s + a);
  }

  private INDArray uqa(INDArray u1) {
    return Ops.cols(u1, s + a, s + 2L * a);
  }

  private INDArray upe(INDArray u1) {
    return Ops.cols(u1, s + 2L * a, s + 2L * a + e);
  }

  private INDArray uqe(INDArray u1) {
    return Ops.cols(u1, s + 2L * a + e, s + 2L * a + 2L * e);
  }

  private final class WindowPass implements Pass {
    private final MetaParameters theta;
    private final INDArray u1;
    private final INDArray postEmb;
    private final INDArray embeddings;
    private final INDArray postBias; // [R, Hs] = Upe e_i + d1
    private final INDArray preBias; // [N, Hs] = Uqe e_j
    private INDArray dPostBias;
    private INDArray dPreBias;
    private INDArray maskColumn;

    WindowPass(MetaParameters theta, INDArray embeddings) {
      this.theta = theta;
      this.u1 = theta.get("U1");
      this.embeddings = embeddings;
      this.postEmb =
          embeddings.get(
              org.nd4j.linalg.indexing.NDArrayIndex.interval(inputs, embeddings.size(0)),
              org.nd4j.linalg.indexing.NDArrayIndex.all());
      this.postBias = postEmb.mmul(upe(u1).transpose()).addiRowVector(theta.get("d1"));
      this.preBias = embeddings.mmul(uqe(u1).transpose());
      this.dPostBias = Nd4j.zerosLike(postBias);
      this.dPreBias = Nd4j.zerosLike(preBias);
    }

    /** C as a {@code [B*R*N, 1]} column, built once per batch size. */
    private INDArray maskColumn(long batch) {
      long rn = mask.length();
      if (maskColumn == null || maskColumn.length() != batch * rn) {
        maskColumn = mask.reshape(1, rn).repeat(0, batch).reshape(batch * rn, 1);
      }
      return maskColumn;
    }

    @Override
    public Step forward(INDArray syn, INDArray actNext, INDArray act) {
      long batch = syn.size(0);
      long r = syn.size(1);
      long n = syn.size(2);
      long hs = u1.size(0);
      INDArray postAct = Ops.mid(actNext, inputs, inputs + r).dup('c').reshape(batch * r, a);
      INDArray preAct = act.reshape(batch * n, a);
      INDArray p = Gemm.mm(postAct, false, upa(u1), true).reshape(batch, r, hs);
      p.addi(postBias.reshape(1, r, hs));
      INDArray q = Gemm.mm(preAct, false, uqa(u1), true).reshape(batch, n, hs);
      q.addi(preBias.reshape(1, n, hs));
      INDArray wFlat = syn.reshape(batch * r * n, s);
      INDArray z = Gemm.mm(wFlat, false, uw(u1), true).reshape(batch, r, n, hs);
      Nd4j.getExecutioner().exec(new BroadcastAddOp(z, p, z, 0, 1, 3)); // + P_i over j
      Nd4j.getExecutioner().exec(new BroadcastAddOp(z, q, z, 0, 2, 3)); // + Q_j over i
      Transforms.tanh(z, false);
      INDArray zFlat = z.reshape(batch * r * n, hs);
      INDArray out = Gemm.mm(zFlat, false, theta.get("U2"), true).addiRowVector(theta.get("d2"));
      INDArray tanhC = Ops.tanh(Ops.cols(out, 0, s));
      INDArray gate = Ops.sigmoid(Ops.cols(out, s, 2L * s));
      INDArray next = Ops.gate(wFlat, gate, tanhC).muliColumnVector(maskColumn(batch));
      return new Step(
          next.reshape(batch, r, n, s), new Cache(wFlat, zFlat, gate, tanhC, postAct, preAct));
    }

    @Override
    public Grads backward(MetaParameters grads, Object cache, INDArray dNext) {
      Cache c = (Cache) cache;
      long batch = dNext.size(0);
      long r = dNext.size(1);
      long n = dNext.size(2);
      long hs = u1.size(0);
      INDArray d = dNext.reshape(batch * r * n, s).mulColumnVector(maskColumn(batch));
      INDArray dOut = Ops.gateBackward(d, c.wFlat(), c.gate(), c.tanhC());
      Gemm.mmAdd(grads.get("U2"), dOut, true, c.z(), false);
      grads.get("d2").addi(dOut.sum(0));
      INDArray dz = Gemm.mm(dOut, false, theta.get("U2"), false).muli(Ops.oneMinusSquare(c.z()));
      INDArray dU1 = grads.get("U1");
      uw(dU1).addi(Gemm.mm(dz, true, c.wFlat(), false));
      INDArray dSyn = d.muli(c.gate().rsub(1.0)).addi(Gemm.mm(dz, false, uw(u1), false));
      INDArray dz4 = dz.reshape(batch, r, n, hs);
      INDArray dp = dz4.sum(2).reshape(batch * r, hs);
      INDArray dq = dz4.sum(1).reshape(batch * n, hs);
      upa(dU1).addi(Gemm.mm(dp, true, c.postAct(), false));
      uqa(dU1).addi(Gemm.mm(dq, true, c.preAct(), false));
      dPostBias.addi(dp.reshape(batch, r, hs).sum(0));
      dPreBias.addi(dq.reshape(batch, n, hs).sum(0));
      INDArray dPost = Gemm.mm(dp, false, upa(u1), false).reshape(batch, r, a);
      INDArray dActNext = Nd4j.concat(1, Nd4j.zeros(dNext.dataType(), batch, inputs, a), dPost);
      INDArray dAct = Gemm.mm(dq, false, uqa(u1), false).reshape(batch, n, a);
      return new Grads(dSyn.reshape(batch, r, n, s), dActNext, dAct);
    }

    @Override
    public void finish(MetaParameters grads, INDArray dEmbeddings) {
      INDArray dU1 = grads.get("U1");
      upe(dU1).addi(dPostBias.transpose().mmul(postEmb));
      uqe(dU1).addi(dPreBias.transpose().mmul(embeddings));
      grads.get("d1").addi(dPostBias.sum(0));
      long total = dEmbeddings.size(0);
      dEmbeddings
          .get(
              org.nd4j.linalg.indexing.NDArrayIndex.interval(inputs, total),
              org.nd4j.linalg.indexing.NDArrayIndex.all())
          .addi(dPostBias.mmul(upe(u1)));
      dEmbeddings.addi(dPreBias.mmul(uqe(u1)));
    }
  }
}
