package org.engram.eval;

import java.util.Arrays;
import org.engram.model.WindowInput;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Counts behind the metrics of MODEL.md section 7, over the scored steps of one or more windows.
 * Counts pool by addition ({@link #plus}), so metrics over many windows weigh every bit equally
 * (section 10.5).
 *
 * <p>A logit {@code > 0} reads as bit 1, a logit of exactly 0 as bit 0 (section 10.6). A recall is
 * {@code scoredStepsPerRecall} consecutive scored steps of one lifetime (L - 1 for {@code
 * sequence}); it is right when every hidden bit of all its steps is right, so a recall with no
 * hidden bit counts as right.
 *
 * @param hiddenRight hidden bits whose logit has the right sign
 * @param hiddenBits hidden bits scored
 * @param visibleRight visible bits whose logit has the right sign
 * @param visibleBits visible bits scored
 * @param recallsRight recalls with every hidden bit right
 * @param recalls recalls scored
 * @param lossSum sum of the sigmoid BCE over every target bit scored (hidden and visible)
 */
public record RecallCounts(
    long hiddenRight,
    long hiddenBits,
    long visibleRight,
    long visibleBits,
    long recallsRight,
    long recalls,
    double lossSum) {

  /** Nothing counted: the start of a pool. */
  public static final RecallCounts ZERO = new RecallCounts(0, 0, 0, 0, 0, 0, 0.0);

  public RecallCounts {
    if (hiddenRight < 0 || hiddenRight > hiddenBits) {
      throw new IllegalArgumentException(
          "hiddenRight must be in [0, hiddenBits = " + hiddenBits + "], got " + hiddenRight);
    }
    if (visibleRight < 0 || visibleRight > visibleBits) {
      throw new IllegalArgumentException(
          "visibleRight must be in [0, visibleBits = " + visibleBits + "], got " + visibleRight);
    }
    if (recallsRight < 0 || recallsRight > recalls) {
      throw new IllegalArgumentException(
          "recallsRight must be in [0, recalls = " + recalls + "], got " + recallsRight);
    }
  }

  /** Counts of one window from its scored logits {@code [S_scored, B, Dout]}. */
  public static RecallCounts of(INDArray scoredLogits, WindowInput window) {
    return of(scoredLogits, window.targets(), window.hidden(), window.scoredStepsPerRecall());
  }

  /**
   * Counts from scored logits, targets (0/1) and hidden masks (0/1), all {@code [S_scored, B,
   * Dout]}.
   *
   * @param scoredStepsPerRecall consecutive scored steps that make one recall; must divide S_scored
   */
  public static RecallCounts of(
      INDArray logits, INDArray targets, INDArray hidden, int scoredStepsPerRecall) {
    long[] shape = logits.shape();
    if (logits.rank() != 3
        || !Arrays.equals(shape, targets.shape())
        || !Arrays.equals(shape, hidden.shape())) {
      throw new IllegalArgumentException(
          "logits, targets and hidden must all be [S_scored, B, Dout], got "
              + Arrays.toString(shape)
              + ", "
              + Arrays.toString(targets.shape())
              + " and "
              + Arrays.toString(hidden.shape()));
    }
    int scored = (int) shape[0];
    int batch = (int) shape[1];
    int outputs = (int) shape[2];
    if (scoredStepsPerRecall < 1 || scored % scoredStepsPerRecall != 0) {
      throw new IllegalArgumentException(
          "scoredStepsPerRecall must be >= 1 and divide "
              + scored
              + ", got "
              + scoredStepsPerRecall);
    }
    double[] y = flat(logits);
    double[] t = flat(targets);
    double[] h = flat(hidden);
    long hiddenRight = 0;
    long hiddenBits = 0;
    long visibleRight = 0;
    long visibleBits = 0;
    long recallsRight = 0;
    double loss = 0;
    for (int r = 0; r < scored / scoredStepsPerRecall; r++) {
      for (int b = 0; b < batch; b++) {
        boolean recallRight = true;
        for (int s = r * scoredStepsPerRecall; s < (r + 1) * scoredStepsPerRecall; s++) {
          for (int k = 0; k < outputs; k++) {
            int i = (s * batch + b) * outputs + k;
            boolean right = (y[i] > 0) == (t[i] > 0.5);
            loss += bce(y[i], t[i]);
            if (h[i] > 0.5) {
              hiddenBits++;
              hiddenRight += right ? 1 : 0;
              recallRight &= right;
            } else {
              visibleBits++;
              visibleRight += right ? 1 : 0;
            }
          }
        }
        recallsRight += recallRight ? 1 : 0;
      }
    }
    long recalls = (long) (scored / scoredStepsPerRecall) * batch;
    return new RecallCounts(
        hiddenRight, hiddenBits, visibleRight, visibleBits, recallsRight, recalls, loss);
  }

  /** The pooled counts of this and {@code o}. */
  public RecallCounts plus(RecallCounts o) {
    return new RecallCounts(
        hiddenRight + o.hiddenRight,
        hiddenBits + o.hiddenBits,
        visibleRight + o.visibleRight,
        visibleBits + o.visibleBits,
        recallsRight + o.recallsRight,
        recalls + o.recalls,
        lossSum + o.lossSum);
  }

  /** Right hidden bits / hidden bits; NaN if none. */
  public double bitAccuracy() {
    return ratio(hiddenRight, hiddenBits);
  }

  /** Right visible bits / visible bits; NaN if none (every bit of heteroassoc is hidden). */
  public double visibleBitAccuracy() {
    return ratio(visibleRight, visibleBits);
  }

  /** Recalls with every hidden bit right / recalls; NaN if none. */
  public double snippetAccuracy() {
    return ratio(recallsRight, recalls);
  }

  /** Mean BCE over every target bit scored (MODEL.md section 5); NaN if none. */
  public double loss() {
    long bits = hiddenBits + visibleBits;
    return bits == 0 ? Double.NaN : lossSum / bits;
  }

  /** {@code max(y, 0) - y t + log(1 + exp(-|y|))}: the stable sigmoid BCE. */
  static double bce(double y, double t) {
    return Math.max(y, 0) - y * t + Math.log1p(Math.exp(-Math.abs(y)));
  }

  private static double ratio(long n, long d) {
    return d == 0 ? Double.NaN : (double) n / d;
  }

  private static double[] flat(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }
}
