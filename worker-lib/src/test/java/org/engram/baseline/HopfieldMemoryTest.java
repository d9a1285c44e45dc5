package org.engram.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.engram.eval.RecallCounts;
import org.engram.model.Close;
import org.engram.model.MetaParameters;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.engram.task.SampledWindow;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HopfieldMemoryTest {

  private static BaselinePass run(TaskSpec task, SampledWindow w, int iterations) {
    int d = task.outputSize();
    HopfieldMemory m = new HopfieldMemory(Fixtures.view(task), d, iterations, DataType.DOUBLE);
    BaselineState birth = new BaselineState(Nd4j.zeros(DataType.DOUBLE, w.batch(), d, d), null);
    return m.forward(MetaParameters.zeros(m.layout(), DataType.DOUBLE), birth, w.input(), false);
  }

  @Test
  void oneStoredPatternIsStoredOnceAndRecalledExactlyFromAHalfMaskedCue() {
    // present = 2: the pattern is shown for two steps but is one storage event.
    TaskSpec task = Fixtures.task(TaskKind.AUTOASSOC, 16, 16, 1, 2, 1);
    SampledWindow w = Fixtures.window(task, 3, DataType.DOUBLE, 5);
    BaselinePass pass = run(task, w, 10);
    for (int b = 0; b < 3; b++) {
      int[] p = w.snippet(0, b);
      double[] expected = new double[16 * 16];
      for (int i = 0; i < 16; i++) {
        for (int j = 0; j < 16; j++) {
          expected[i * 16 + j] = i == j ? 0.0 : p[i] * p[j] / 16.0;
        }
      }
      Close.assertClose(
          "W of lifetime " + b,
          Nd4j.create(expected, new long[] {16, 16}, DataType.DOUBLE),
          pass.end().first().slice(b),
          1e-12,
          1e-12);
      INDArray logits = pass.scoredLogits().slice(0).slice(b);
      for (int i = 0; i < 16; i++) {
        assertEquals(p[i], Math.signum(logits.getDouble(i)), "bit " + i + " of lifetime " + b);
      }
    }
    RecallCounts c = RecallCounts.of(pass.scoredLogits(), w.input());
    assertEquals(8 * 3, c.hiddenBits());
    assertEquals(1.0, c.bitAccuracy());
    assertEquals(1.0, c.snippetAccuracy());
  }

  @Test
  void capacityCollapsesWellBeyondPoint138N() {
    int n = 64; // 0.138 N ~ 8.8 patterns
    RecallCounts few = counts(n, 3);
    RecallCounts many = counts(n, 40);
    assertTrue(few.bitAccuracy() > 0.97, "3 patterns in 64 units: " + few);
    assertTrue(few.snippetAccuracy() > 0.85, "3 patterns in 64 units: " + few);
    // Well beyond capacity no pattern comes back whole, and a fifth or more of its bits are lost.
    assertTrue(many.snippetAccuracy() < 0.05, "40 patterns in 64 units: " + many);
    assertTrue(many.bitAccuracy() < 0.82, "40 patterns in 64 units: " + many);
  }

  private static RecallCounts counts(int n, int k) {
    TaskSpec task = Fixtures.task(TaskKind.AUTOASSOC, n, n, k, 1, 1);
    SampledWindow w = Fixtures.window(task, 8, DataType.DOUBLE, 100 + k);
    return RecallCounts.of(run(task, w, 10).scoredLogits(), w.input());
  }

  @Test
  void iterationsCleanUpWhatOneReadLeavesWrong() {
    int n = 64;
    TaskSpec task = Fixtures.task(TaskKind.AUTOASSOC, n, n, 6, 1, 1);
    SampledWindow w = Fixtures.window(task, 16, DataType.DOUBLE, 9);
    double oneRead = RecallCounts.of(run(task, w, 0).scoredLogits(), w.input()).bitAccuracy();
    double iterated = RecallCounts.of(run(task, w, 10).scoredLogits(), w.input()).bitAccuracy();
    assertTrue(iterated >= oneRead, "iterated " + iterated + " < one read " + oneRead);
  }
}
