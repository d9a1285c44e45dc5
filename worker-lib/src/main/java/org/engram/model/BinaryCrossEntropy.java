package org.engram.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The loss of MODEL.md section 5: mean sigmoid binary cross-entropy of the logits against target
 * bits in {0, 1}, in the overflow-safe form {@code max(y, 0) - y t + log(1 + exp(-|y|))}.
 */
public final class BinaryCrossEntropy {
  private BinaryCrossEntropy() {}

  /** The mean BCE over every entry. */
  public static double loss(INDArray logits, INDArray targets) {
    INDArray y = logits;
    INDArray t = targets.castTo(y.dataType());
    INDArray softplus =
        Transforms.log(Transforms.exp(Transforms.abs(y).negi(), false).addi(1.0), false);
    INDArray terms = Transforms.relu(y, true).subi(y.mul(t)).addi(softplus);
    return terms.sumNumber().doubleValue() / y.length();
  }

  /** d loss / d y = (sigma(y) - t) / count. */
  public static INDArray gradient(INDArray logits, INDArray targets) {
    INDArray t = targets.castTo(logits.dataType());
    return Transforms.sigmoid(logits, true).subi(t).divi(logits.length());
  }
}
