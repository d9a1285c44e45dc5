package org.engram.train;

import org.engram.model.MetaParameters;
import org.engram.model.WindowInput;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * B lifetimes of one {@link WindowModel} sharing theta (MODEL.md section 5): the state carried from
 * one window to the next as a constant (truncated BPTT stops the gradient there), reset when a
 * lifetime is born again by its schedule.
 */
public interface LifetimeBatch {

  /**
   * Runs the current window forward from the carried state (lifetimes born at this window start
   * from their birth state).
   *
   * @param keepTape whether to keep what {@link #backward} needs
   */
  WindowOutcome forward(MetaParameters theta, WindowInput window, boolean keepTape);

  /** d loss / d theta of a window run with {@code keepTape}, the start state held constant. */
  MetaParameters backward(MetaParameters theta, WindowOutcome outcome);

  /**
   * {@link #backward(MetaParameters, WindowOutcome)} into {@code grads} (same layout), which is
   * overwritten and returned; models that can, write into it instead of a fresh buffer.
   */
  default MetaParameters backward(
      MetaParameters theta, WindowOutcome outcome, MetaParameters grads) {
    grads.flat().assign(backward(theta, outcome).flat());
    return grads;
  }

  /** Keeps the window's end state (detached from the window's workspace) and advances. */
  void end(WindowOutcome outcome);

  /** Windows completed. */
  int window();

  /**
   * The carried state for a checkpoint: exactly three arrays, any of which may be null (the engram
   * network: activations, synapses, birth noise).
   */
  INDArray[] snapshot();

  /** Continues from a {@link #snapshot()} taken after {@code windowsDone} windows. */
  void restore(int windowsDone, INDArray[] state);
}
