package org.engram.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The loss of MODEL.md section 5: mean sigmoid binary cross-entropy of the logits against target
 * bits in {0, 1}, in the overflow-safe form {@code max(y, 0) - y t + log(1 + exp(-|y|))}.
 *
 * <p>Computed on host arrays, in double: as a chain of ND4J transforms it made eight ND4J arrays a
 * window, and each ND4J buffer's bookkeeping outlives a young collection.
 */
public final class BinaryCrossEntropy {
  private BinaryCrossEntropy() {}

  /** The mean BCE over every entry. */
  public static double loss(INDArray logits, INDArray targets) {
    double[] y = HostArrays.doubles(logits);
    double[] t = targetsFor(logits, targets);
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += Math.max(y[i], 0) - y[i] * t[i] + Math.log1p(Math.exp(-Math.abs(y[i])));
    }
    return sum / y.length;
  }

  /** d loss / d y = (sigma(y) - t) / count, in the logits' data type and shape. */
  public static INDArray gradient(INDArray logits, INDArray targets) {
    double[] y = HostArrays.doubles(logits);
    double[] t = targetsFor(logits, targets);
    double[] g = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      g[i] = (1.0 / (1.0 + Math.exp(-y[i])) - t[i]) / y.length;
    }
    return Nd4j.create(g, logits.shape(), logits.dataType());
  }

  private static double[] targetsFor(INDArray logits, INDArray targets) {
    if (targets.length() != logits.length()) {
      throw new IllegalArgumentException(
          "targets must have as many entries as the logits ("
              + logits.length()
              + "), got "
              + targets.length());
    }
    return HostArrays.doubles(targets);
  }
}
