package org.engram.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RecallCountsTest {

  @Test
  void countsHiddenAndVisibleBitsAndAZeroLogitReadsAsBitZero() {
    // One scored step, B = 2, Dout = 3.
    // b = 0: targets 1 0 1, hidden 1 1 0, logits 0.0 (-> 0, wrong), 0.0 (-> 0, right), 2 (right).
    // b = 1: targets 0 1 1, hidden 0 1 1, logits -1 (right), 3 (right), 0.5 (right).
    INDArray y = arr(new double[] {0.0, 0.0, 2.0, -1.0, 3.0, 0.5}, 1, 2, 3);
    INDArray t = arr(new double[] {1, 0, 1, 0, 1, 1}, 1, 2, 3);
    INDArray h = arr(new double[] {1, 1, 0, 0, 1, 1}, 1, 2, 3);
    RecallCounts c = RecallCounts.of(y, t, h, 1);
    assertEquals(3, c.hiddenRight());
    assertEquals(4, c.hiddenBits());
    assertEquals(2, c.visibleRight());
    assertEquals(2, c.visibleBits());
    assertEquals(1, c.recallsRight());
    assertEquals(2, c.recalls());
    assertEquals(0.75, c.bitAccuracy());
    assertEquals(1.0, c.visibleBitAccuracy());
    assertEquals(0.5, c.snippetAccuracy());
  }

  @Test
  void sequenceRecallsGroupConsecutiveScoredSteps() {
    // Four scored steps of one lifetime, Dout = 2, every bit hidden. Step 1 has one wrong bit.
    INDArray y = arr(new double[] {1, -1, 1, 1, -1, 1, 1, -1}, 4, 1, 2);
    INDArray t = arr(new double[] {1, 0, 1, 0, 0, 1, 1, 0}, 4, 1, 2);
    INDArray h = Nd4j.ones(DataType.DOUBLE, 4, 1, 2);
    RecallCounts grouped = RecallCounts.of(y, t, h, 2);
    assertEquals(2, grouped.recalls());
    assertEquals(1, grouped.recallsRight());
    assertEquals(0.5, grouped.snippetAccuracy());
    RecallCounts single = RecallCounts.of(y, t, h, 1);
    assertEquals(0.75, single.snippetAccuracy());
    assertEquals(7.0 / 8, grouped.bitAccuracy());
    assertTrue(Double.isNaN(grouped.visibleBitAccuracy()), "no visible bits: NaN");
  }

  @Test
  void recallsAreCountedPerLifetimeNotAcrossTheBatch() {
    // Two scored steps per recall, B = 2: lifetime 0 wrong only at step 0, lifetime 1 only at 1.
    INDArray y = arr(new double[] {-1, 1, 1, -1}, 2, 2, 1);
    INDArray t = Nd4j.ones(DataType.DOUBLE, 2, 2, 1);
    INDArray h = Nd4j.ones(DataType.DOUBLE, 2, 2, 1);
    RecallCounts c = RecallCounts.of(y, t, h, 2);
    assertEquals(2, c.recalls());
    assertEquals(0, c.recallsRight());
  }

  @Test
  void lossIsTheMeanStableBceOverAllTargetBits() {
    INDArray y = arr(new double[] {0.0, 2.0, -3.0, 40.0}, 1, 1, 4);
    INDArray t = arr(new double[] {1, 1, 1, 0}, 1, 1, 4);
    INDArray h = arr(new double[] {1, 0, 1, 0}, 1, 1, 4);
    RecallCounts c = RecallCounts.of(y, t, h, 1);
    double expected =
        (Math.log(2)
                + Math.log(1 + Math.exp(-2.0))
                + Math.log(1 + Math.exp(3.0))
                + (40.0 + Math.log1p(Math.exp(-40.0))))
            / 4;
    assertEquals(expected, c.loss(), 1e-12);
  }

  @Test
  void countsPoolByAddition() {
    RecallCounts a = new RecallCounts(3, 4, 1, 2, 1, 2, 1.5);
    RecallCounts b = new RecallCounts(0, 4, 2, 2, 0, 2, 0.5);
    RecallCounts sum = RecallCounts.ZERO.plus(a).plus(b);
    assertEquals(new RecallCounts(3, 8, 3, 4, 1, 4, 2.0), sum);
    assertEquals(3.0 / 8, sum.bitAccuracy());
    assertEquals(2.0 / 12, sum.loss(), 1e-15);
  }

  @Test
  void floatLogitsAreCountedLikeDoubles() {
    INDArray y = Nd4j.create(new float[] {0.25f, -0.0f, 0.0f}, new long[] {1, 1, 3});
    INDArray t = arr(new double[] {1, 0, 1}, 1, 1, 3).castTo(DataType.FLOAT);
    INDArray h = Nd4j.ones(DataType.FLOAT, 1, 1, 3);
    RecallCounts c = RecallCounts.of(y, t, h, 1);
    assertEquals(2, c.hiddenRight());
  }

  @Test
  void mismatchedShapesAndGroupingAreRejected() {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, 1, 2);
    assertThrows(
        IllegalArgumentException.class,
        () -> RecallCounts.of(y, Nd4j.zeros(DataType.DOUBLE, 3, 1, 3), y, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RecallCounts.of(y, y, y, 2));
    assertEquals("scoredStepsPerRecall must be >= 1 and divide 3, got 2", e.getMessage());
  }

  private static INDArray arr(double[] data, long... shape) {
    return Nd4j.create(data, shape, DataType.DOUBLE);
  }
}
