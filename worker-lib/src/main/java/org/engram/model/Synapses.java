package org.engram.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The synaptic part of a step (MODEL.md section 3.1 and 3.3): the message each neuron receives from
 * the synapse state, and the update of that state by the synapse rule. The learned rule runs as
 * fused kernels ({@link LearnedSynapses}); the frozen and Hebbian forms as tensor ops ({@link
 * TensorSynapses}).
 */
interface Synapses {

  /**
   * Starts a window from the synapse state {@code start} ({@code [B, R, N, S]}).
   *
   * @param keepTape whether to keep what the backward pass needs
   */
  Window begin(MetaParameters theta, INDArray embeddings, INDArray start, boolean keepTape);

  /** Whether {@code w} is rebuilt from the birth state at every step (frozen synapses). */
  default boolean frozen() {
    return false;
  }

  /** One window: forward step by step, then backward from the last step to the first. */
  interface Window {
    /** The message h ({@code [B, N, A]}, 0 for input and control rows) from the current state. */
    INDArray message(INDArray act);

    /**
     * Updates the state by one step.
     *
     * @param actNext {@code [B, N, A]} activations after this step's update (post-synaptic side)
     * @param act {@code [B, N, A]} activations before it (pre-synaptic side)
     */
    void update(INDArray actNext, INDArray act);

    /** The current state, {@code [B, R, N, S]}. */
    INDArray state();

    /**
     * Back-propagates the running state gradient through the update of step t, accumulating
     * parameter gradients. Call for t from last to first, each followed by {@link
     * #backwardMessage}.
     */
    Grads backwardUpdate(int t, MetaParameters grads);

    /**
     * Back-propagates d h ({@code [B, N, A]}) of step t; afterwards the running state gradient
     * refers to the state before step t. Adds the d a it contributes into {@code dAct} ({@code [B,
     * N, A]}).
     */
    void backwardMessage(int t, MetaParameters grads, INDArray dH, INDArray dAct);

    /** After the backward pass, d loss / d state at the start of the window. */
    INDArray startGradient();

    /** Adds the gradients of the per-window constants, including d e, once the window is done. */
    void finish(MetaParameters grads, INDArray dEmbeddings);
  }

  /** What an update passes back to the neurons: its parts of d a' and d a, each added once. */
  interface Grads {
    /** Adds the update's part of d a' into {@code dActNext} ({@code [B, N, A]}). */
    void addActNextTo(INDArray dActNext);

    /** Adds the update's part of d a into {@code dAct} ({@code [B, N, A]}). */
    void addActTo(INDArray dAct);
  }

  /**
   * {@link Grads} as arrays.
   *
   * @param actNext {@code [B, N, A]} or null (none)
   * @param act {@code [B, N, A]} or null (none)
   */
  record ArrayGrads(INDArray actNext, INDArray act) implements Grads {
    @Override
    public void addActNextTo(INDArray dActNext) {
      if (actNext != null) {
        dActNext.addi(actNext);
      }
    }

    @Override
    public void addActTo(INDArray dAct) {
      if (act != null) {
        dAct.addi(act);
      }
    }
  }
}
