package org.engram.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How synapses change in one step as whole-tensor ops (MODEL.md section 4), for {@link
 * TensorSynapses}: the fixed Hebbian form, or nothing (frozen synapses). (The learned rule F_s runs
 * fused in {@link LearnedSynapses}.) A rule is bound to one window's meta-parameters by {@link
 * #begin}, which precomputes what is constant over the window.
 */
interface SynapseRule {

  /** Starts a window: per-window constants and gradient accumulators. */
  Pass begin(MetaParameters theta, INDArray embeddings);

  /** Whether {@code w} is rebuilt from the birth state at every step (frozen synapses). */
  default boolean frozen() {
    return false;
  }

  /** One window of one rule. */
  interface Pass {
    /**
     * One step, every receiving synapse of every lifetime at once.
     *
     * @param syn {@code [B, R, N, S]} before the step
     * @param actNext {@code [B, N, A]} activations after this step's update (post-synaptic side)
     * @param act {@code [B, N, A]} activations before it (pre-synaptic side)
     */
    Step forward(INDArray syn, INDArray actNext, INDArray act);

    /**
     * Back-propagates d w' through one step, accumulating parameter gradients.
     *
     * @return d w, and the contributions to d a' and d a (null where there are none)
     */
    Grads backward(MetaParameters grads, Object cache, INDArray dNext);

    /** Adds the gradients of the per-window constants, including d e, once the window is done. */
    void finish(MetaParameters grads, INDArray dEmbeddings);
  }

  record Step(INDArray next, Object cache) {}

  /**
   * @param syn {@code [B, R, N, S]}
   * @param actNext {@code [B, N, A]} or null
   * @param act {@code [B, N, A]} or null
   */
  record Grads(INDArray syn, INDArray actNext, INDArray act) {}
}
