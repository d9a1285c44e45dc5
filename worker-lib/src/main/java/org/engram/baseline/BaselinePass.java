package org.engram.baseline;

import org.engram.model.WindowInput;
import org.engram.train.WindowOutcome;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A baseline's forward pass of one window.
 *
 * @param scoredLogits {@code [S_scored, B, Dout]}
 * @param loss the mean BCE at the scored steps (MODEL.md section 5)
 * @param end the state at the end of the window
 * @param input the window (the backward pass reads its targets)
 * @param tape what the backward pass needs, null without one
 */
record BaselinePass(
    INDArray scoredLogits, double loss, BaselineState end, WindowInput input, Object tape)
    implements WindowOutcome {}
