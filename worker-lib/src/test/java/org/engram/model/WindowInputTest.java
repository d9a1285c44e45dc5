package org.engram.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WindowInputTest {
  private final INDArray x = Nd4j.zeros(DataType.DOUBLE, 6, 2, 5);
  private final INDArray scored = Nd4j.zeros(DataType.DOUBLE, 4, 2, 1);

  @Test
  void fourArgumentConstructorScoresOneStepPerRecall() {
    WindowInput w = new WindowInput(x, new int[] {1, 2, 4, 5}, scored, scored);
    assertEquals(1, w.scoredStepsPerRecall());
    assertEquals(4, w.recallCount());
  }

  @Test
  void groupsScoredStepsIntoRecalls() {
    WindowInput w = new WindowInput(x, new int[] {1, 2, 4, 5}, scored, scored, 2);
    assertEquals(2, w.scoredStepsPerRecall());
    assertEquals(2, w.recallCount());
  }

  @Test
  void groupingMustDivideTheScoredSteps() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new WindowInput(x, new int[] {1, 2, 4, 5}, scored, scored, 3));
    assertEquals(
        "scoredStepsPerRecall must be >= 1 and divide the 4 scored steps, got 3", e.getMessage());
  }
}
