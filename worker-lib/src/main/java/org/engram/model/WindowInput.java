package org.engram.model;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One window of input for a batch of lifetimes (MODEL.md section 5), as the network consumes it.
 *
 * <p>{@code x} is {@code [T, B, Din]} with channels {@code [data_0..data_{D-1}, store, recall,
 * target_0..target_{Dout-1}]}. {@code scoreSteps[s]} is the step whose logits are scored against
 * {@code targets[s]} ({@code [S_scored, B, Dout]}, values 0 or 1); {@code hidden} ({@code
 * [S_scored, B, Dout]}, 0 or 1) marks the target bits that the cue did not show, on which memory is
 * measured (MODEL.md section 7). Scored steps must be in increasing order; a step may not be scored
 * twice.
 *
 * <p>A recall event is scored at {@link #scoredStepsPerRecall()} consecutive scored steps: one for
 * {@code autoassoc} and {@code heteroassoc}, {@code L - 1} for {@code sequence} (MODEL.md section
 * 10.8), so that snippet accuracy can group the scored steps of one recall.
 */
public final class WindowInput {
  private final INDArray x;
  private final int[] scoreSteps;
  private final INDArray targets;
  private final INDArray hidden;
  private final int scoredStepsPerRecall;

  /** A window whose recall events are each scored at one step. */
  public WindowInput(INDArray x, int[] scoreSteps, INDArray targets, INDArray hidden) {
    this(x, scoreSteps, targets, hidden, 1);
  }

  /**
   * A window whose recall events are each scored at {@code scoredStepsPerRecall} consecutive scored
   * steps.
   */
  public WindowInput(
      INDArray x, int[] scoreSteps, INDArray targets, INDArray hidden, int scoredStepsPerRecall) {
    if (scoredStepsPerRecall < 1 || scoreSteps.length % scoredStepsPerRecall != 0) {
      throw new IllegalArgumentException(
          "scoredStepsPerRecall must be >= 1 and divide the "
              + scoreSteps.length
              + " scored steps, got "
              + scoredStepsPerRecall);
    }
    if (x.rank() != 3) {
      throw new IllegalArgumentException("x must be [T, B, Din], got rank " + x.rank());
    }
    long steps = x.size(0);
    for (int i = 0; i < scoreSteps.length; i++) {
      if (scoreSteps[i] < 0
          || scoreSteps[i] >= steps
          || (i > 0 && scoreSteps[i] <= scoreSteps[i - 1])) {
        throw new IllegalArgumentException(
            "scoreSteps must increase within [0, "
                + steps
                + "), got "
                + Arrays.toString(scoreSteps));
      }
    }
    if (targets.size(0) != scoreSteps.length || !Arrays.equals(targets.shape(), hidden.shape())) {
      throw new IllegalArgumentException(
          "targets and hidden must both be ["
              + scoreSteps.length
              + ", B, Dout], got "
              + Arrays.toString(targets.shape())
              + " and "
              + Arrays.toString(hidden.shape()));
    }
    this.x = x;
    this.scoreSteps = scoreSteps.clone();
    this.targets = targets;
    this.hidden = hidden;
    this.scoredStepsPerRecall = scoredStepsPerRecall;
  }

  /** {@code [T, B, Din]}. */
  public INDArray x() {
    return x;
  }

  public int steps() {
    return (int) x.size(0);
  }

  public int batch() {
    return (int) x.size(1);
  }

  public int[] scoreSteps() {
    return scoreSteps.clone();
  }

  /** {@code [S_scored, B, Dout]}, 0 or 1. */
  public INDArray targets() {
    return targets;
  }

  /** {@code [S_scored, B, Dout]}, 1 where the cue hid the bit. */
  public INDArray hidden() {
    return hidden;
  }

  /** Consecutive scored steps that belong to one recall event (L - 1 for sequence, else 1). */
  public int scoredStepsPerRecall() {
    return scoredStepsPerRecall;
  }

  /** Recall events per lifetime: scored steps / {@link #scoredStepsPerRecall()}. */
  public int recallCount() {
    return scoreSteps.length / scoredStepsPerRecall;
  }
}
