package org.engram.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The forward pass of one window: logits at every step, the loss at the scored steps, the state at
 * the end (to carry into the next window, as a constant), and, for training, the tape the backward
 * pass reads.
 *
 * @param logits {@code [T, B, Dout]} the logits at every step
 * @param scoredLogits {@code [S_scored, B, Dout]} the logits at the scored steps
 * @param loss the mean BCE over every target bit at the scored steps (MODEL.md section 5)
 * @param finalActivations {@code [B, N, A]}
 * @param finalSynapses {@code [B, R, N, S]}
 * @param firstActivations {@code [B, N, A]} after the first step (for golden checks)
 * @param firstSynapses {@code [B, R, N, S]} after the first step
 * @param tape what the backward pass needs, or null when no gradient was asked for
 */
public record WindowPass(
    INDArray logits,
    INDArray scoredLogits,
    double loss,
    INDArray finalActivations,
    INDArray finalSynapses,
    INDArray firstActivations,
    INDArray firstSynapses,
    Tape tape) {

  /** Per-step caches plus the window-level values of the backward pass. */
  record Tape(
      WindowInput input, WindowStart start, List<StepCache> steps, Synapses.Window synapses) {}

  /** The caches of one step outside the synapses, which keep their own. */
  record StepCache(ActivationRule.Cache activation, INDArray activationsAfter) {}
}
