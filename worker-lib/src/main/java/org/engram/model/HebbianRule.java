package org.engram.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code hebbian} (MODEL.md section 4): {@code w' = C ((1 - lambda) w + eta a'_i[0] a_j[0])} with S
 * = 1 and learned, unconstrained scalars lambda and eta (section 10.7).
 */
final class HebbianRule implements SynapseRule {
  private final int inputs;
  private final INDArray mask;

  /**
   * @param mask {@code [R, N]} connectivity of the receiving rows
   */
  HebbianRule(NetworkStructure structure, INDArray mask) {
    this.inputs = structure.inputCount();
    this.mask = mask;
  }

  private record Cache(INDArray syn, INDArray outer, INDArray post, INDArray pre) {}

  @Override
  public Pass begin(MetaParameters theta, INDArray embeddings) {
    double lambda = theta.get("lam").getDouble(0);
    double eta = theta.get("eta").getDouble(0);
    return new Pass() {
      @Override
      public Step forward(INDArray syn, INDArray actNext, INDArray act) {
        long batch = syn.size(0);
        long r = syn.size(1);
        long n = syn.size(2);
        INDArray post = Ops.first(Ops.mid(actNext, inputs, actNext.size(1))).dup('c');
        INDArray pre = Ops.first(act).dup('c');
        INDArray outer = Nd4j.matmul(post.reshape(batch, r, 1), pre.reshape(batch, 1, n));
        INDArray w = syn.reshape(batch, r, n);
        INDArray next = w.mul(1.0 - lambda).addi(outer.mul(eta)).muli(mask.reshape(1, r, n));
        return new Step(next.reshape(batch, r, n, 1), new Cache(w, outer, post, pre));
      }

      @Override
      public Grads backward(MetaParameters grads, Object cache, INDArray dNext) {
        Cache c = (Cache) cache;
        long batch = dNext.size(0);
        long r = dNext.size(1);
        long n = dNext.size(2);
        INDArray d = dNext.reshape(batch, r, n).mul(mask.reshape(1, r, n));
        grads.get("lam").subi(d.mul(c.syn()).sumNumber().doubleValue());
        grads.get("eta").addi(d.mul(c.outer()).sumNumber().doubleValue());
        INDArray dOuter = d.mul(eta);
        INDArray dPost = Nd4j.matmul(dOuter, c.pre().reshape(batch, n, 1)); // [B, R, 1]
        INDArray dPre = Nd4j.matmul(dOuter, c.post().reshape(batch, r, 1), true, false, false);
        long width = grads.get("r").length();
        INDArray dActNext = Nd4j.zeros(dNext.dataType(), batch, inputs + r, width);
        INDArray dAct = Nd4j.zeros(dNext.dataType(), batch, n, width);
        Ops.first(Ops.mid(dActNext, inputs, inputs + r)).assign(dPost.reshape(batch, r));
        Ops.first(dAct).assign(dPre.reshape(batch, n));
        return new Grads(d.mul(1.0 - lambda).reshape(batch, r, n, 1), dActNext, dAct);
      }

      @Override
      public void finish(MetaParameters grads, INDArray dEmbeddings) {}
    };
  }
}
