package org.engram.eval;

import java.util.List;
import org.engram.result.DifficultyMetrics;

/**
 * The per-difficulty metrics of MODEL.md section 7 from pooled {@link RecallCounts}, and the
 * capacity of a rule across difficulties.
 */
public final class HiddenBitMetrics {
  /** The bit accuracy that defines {@code capacity_k90}. */
  public static final double CAPACITY_ACCURACY = 0.9;

  private HiddenBitMetrics() {}

  /**
   * The metrics at difficulty {@code k}.
   *
   * @param k K, snippets per window
   * @param counts counts pooled over every scored window and lifetime
   * @param hiddenBitsPerSnippet h: {@code round(maskFraction * D)}, Dv, or {@code (L - 1) * D} (see
   *     {@code WindowLayout.hiddenBitsPerSnippet})
   * @param size the network, for the per-synapse and per-neuron figures
   * @param scoredWindows windows scored per lifetime
   * @param lifetimes lifetimes evaluated
   */
  public static DifficultyMetrics of(
      int k,
      RecallCounts counts,
      int hiddenBitsPerSnippet,
      NetworkSize size,
      int scoredWindows,
      int lifetimes) {
    double bitAccuracy = counts.bitAccuracy();
    double stored = bitsStored(k, hiddenBitsPerSnippet, bitAccuracy);
    return new DifficultyMetrics(
        k,
        bitAccuracy,
        counts.visibleBitAccuracy(),
        counts.snippetAccuracy(),
        counts.loss(),
        stored,
        stored / ((double) size.synapses() * size.synapseSize()),
        stored / size.neurons(),
        counts.hiddenBits(),
        counts.recalls(),
        scoredWindows,
        lifetimes,
        size);
  }

  /**
   * {@code K * h * (1 - H2(min(1 - bitAccuracy, 0.5)))}: the information recovered, in bits
   * (MODEL.md section 7). Error rates above one half are clamped: a worse-than-chance reader could
   * flip its bits, but the memory is not credited with that.
   */
  public static double bitsStored(int k, int hiddenBitsPerSnippet, double bitAccuracy) {
    double eps = Math.min(1.0 - bitAccuracy, 0.5);
    return (double) k * hiddenBitsPerSnippet * (1.0 - binaryEntropy(eps));
  }

  /** Binary entropy in bits; 0 at 0 and 1. */
  public static double binaryEntropy(double p) {
    if (p <= 0 || p >= 1) {
      return 0.0;
    }
    return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
  }

  /**
   * {@code capacity_k90} (MODEL.md sections 7 and 10.6): the largest evaluated K with bit accuracy
   * {@code >= 0.9}, even if a smaller evaluated K falls below; 0 if none reaches it.
   */
  public static int capacityK90(List<DifficultyMetrics> metrics) {
    int best = 0;
    for (DifficultyMetrics m : metrics) {
      if (m.bitAccuracy() >= CAPACITY_ACCURACY) {
        best = Math.max(best, m.snippets());
      }
    }
    return best;
  }
}
