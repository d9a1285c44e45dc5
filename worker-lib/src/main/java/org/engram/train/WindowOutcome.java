package org.engram.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The forward pass of one window as the trainer and evaluator read it. */
public interface WindowOutcome {

  /** The mean BCE over every target bit at the scored steps (MODEL.md section 5). */
  double loss();

  /** {@code [S_scored, B, Dout]} the logits at the scored steps. */
  INDArray scoredLogits();
}
