package org.engram.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code frozen-synapses} (MODEL.md section 4): F_s never runs, {@code w = C (w0 + sigma_w eps)} at
 * every step, so memory lives only in the activations and w0 is trained as an ordinary weight.
 */
final class FrozenSynapses implements SynapseRule {

  @Override
  public boolean frozen() {
    return true;
  }

  @Override
  public Pass begin(MetaParameters theta, INDArray embeddings) {
    return new Pass() {
      @Override
      public Step forward(INDArray syn, INDArray actNext, INDArray act) {
        return new Step(syn, null);
      }

      @Override
      public Grads backward(MetaParameters grads, Object cache, INDArray dNext) {
        return new Grads(dNext, null, null);
      }

      @Override
      public void finish(MetaParameters grads, INDArray dEmbeddings) {}
    };
  }
}
