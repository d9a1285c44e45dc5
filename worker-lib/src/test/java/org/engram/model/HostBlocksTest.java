package org.engram.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The host-array helpers that split U1 into its blocks and put the blocks' gradients back. */
class HostBlocksTest {
  // [2, 5]: row i, column j holds 10 i + j.
  private static final double[] M = {0, 1, 2, 3, 4, 10, 11, 12, 13, 14};

  @Test
  void blockTakesColumnsOfEveryRow() {
    assertArrayEquals(new double[] {1, 2, 11, 12}, LearnedSynapses.block(M, 2, 5, 1, 2));
    assertArrayEquals(new double[] {4, 14}, LearnedSynapses.block(M, 2, 5, 4, 1));
  }

  @Test
  void addBlockAddsIntoThoseColumnsOnly() {
    double[] m = M.clone();
    LearnedSynapses.addBlock(m, 5, 2, new double[] {100, 200, 300, 400}, 2, 2);
    assertArrayEquals(new double[] {0, 1, 102, 203, 4, 10, 11, 312, 413, 14}, m);
  }

  @Test
  void blockThenAddBlockRoundTrips() {
    double[] rebuilt = new double[M.length];
    LearnedSynapses.addBlock(rebuilt, 5, 0, LearnedSynapses.block(M, 2, 5, 0, 3), 2, 3);
    LearnedSynapses.addBlock(rebuilt, 5, 3, LearnedSynapses.block(M, 2, 5, 3, 2), 2, 2);
    assertArrayEquals(M, rebuilt);
  }

  @Test
  void columnSumsSumOverRows() {
    assertArrayEquals(new double[] {10, 12, 14, 16, 18}, LearnedSynapses.columnSums(M, 2, 5));
  }
}
