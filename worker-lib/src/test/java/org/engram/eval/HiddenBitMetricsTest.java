package org.engram.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.engram.result.DifficultyMetrics;
import org.junit.jupiter.api.Test;

class HiddenBitMetricsTest {

  @Test
  void binaryEntropyIsInBits() {
    assertEquals(1.0, HiddenBitMetrics.binaryEntropy(0.5), 1e-15);
    assertEquals(0.8112781244591328, HiddenBitMetrics.binaryEntropy(0.25), 1e-15);
    assertEquals(0.0, HiddenBitMetrics.binaryEntropy(0.0));
    assertEquals(0.0, HiddenBitMetrics.binaryEntropy(1.0));
  }

  @Test
  void bitsStoredIsKTimesHTimesOneMinusH2OfTheClampedErrorRate() {
    assertEquals(4 * 3 * (1 - 0.8112781244591328), HiddenBitMetrics.bitsStored(4, 3, 0.75), 1e-12);
    assertEquals(24.0, HiddenBitMetrics.bitsStored(4, 6, 1.0));
    assertEquals(0.0, HiddenBitMetrics.bitsStored(4, 6, 0.5));
    // Worse than chance is clamped to chance: no negative or mirrored credit.
    assertEquals(0.0, HiddenBitMetrics.bitsStored(4, 6, 0.1));
  }

  @Test
  void difficultyMetricsFromPooledCounts() {
    // K = 2, h = 3, 64 hidden bits of which 48 right; 16 visible bits all right.
    RecallCounts counts = new RecallCounts(48, 64, 16, 16, 10, 20, 40.0);
    NetworkSize size = new NetworkSize(11, 56, 4);
    DifficultyMetrics m = HiddenBitMetrics.of(2, counts, 3, size, 6, 64);
    double stored = 2 * 3 * (1 - 0.8112781244591328);
    assertEquals(2, m.snippets());
    assertEquals(0.75, m.bitAccuracy());
    assertEquals(1.0, m.visibleBitAccuracy());
    assertEquals(0.5, m.snippetAccuracy());
    assertEquals(0.5, m.loss());
    assertEquals(stored, m.bitsStored(), 1e-12);
    assertEquals(stored / (56 * 4), m.bitsPerSynapse(), 1e-15);
    assertEquals(stored / 11, m.bitsPerNeuron(), 1e-15);
    assertEquals(64, m.hiddenBits());
    assertEquals(20, m.recalls());
    assertEquals(6, m.scoredWindows());
    assertEquals(64, m.lifetimes());
  }

  @Test
  void visibleAccuracyIsNanWithoutVisibleBits() {
    RecallCounts counts = new RecallCounts(10, 10, 0, 0, 5, 5, 1.0);
    DifficultyMetrics m = HiddenBitMetrics.of(1, counts, 2, new NetworkSize(7, 20, 1), 1, 5);
    assertTrue(Double.isNaN(m.visibleBitAccuracy()));
    assertEquals(2.0, m.bitsStored());
  }

  @Test
  void capacityIsTheLargestKAtNinetyPercentEvenOnANonMonotoneCurve() {
    List<DifficultyMetrics> curve =
        List.of(at(1, 0.95), at(2, 0.85), at(4, 0.9), at(8, 0.89), at(16, 0.5));
    assertEquals(4, HiddenBitMetrics.capacityK90(curve));
    assertEquals(1, HiddenBitMetrics.capacityK90(List.of(at(1, 0.97), at(2, 0.6))));
    assertEquals(0, HiddenBitMetrics.capacityK90(List.of(at(1, 0.8), at(2, Double.NaN))));
    assertEquals(0, HiddenBitMetrics.capacityK90(List.of()));
  }

  private static DifficultyMetrics at(int k, double bitAccuracy) {
    return new DifficultyMetrics(
        k, bitAccuracy, 1, 0, 0, 0, 0, 0, 100, 10, 1, 1, new NetworkSize(10, 50, 1));
  }
}
