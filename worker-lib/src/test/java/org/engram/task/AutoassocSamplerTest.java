package org.engram.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.engram.model.WindowInput;
import org.engram.spec.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

class AutoassocSamplerTest {

  @ParameterizedTest
  @CsvSource({
    // D, K, B, present, gap, delay, recallSteps
    "3, 2, 2, 1, 1, 0, 2",
    "4, 3, 2, 2, 0, 3, 3",
    "5, 1, 3, 1, 2, 1, 1",
    "2, 4, 1, 3, 1, 2, 4",
  })
  void everyChannelOfEveryStepFollowsModelSection5(
      int d, int k, int batch, int present, int gap, int delay, int rs) {
    TaskSpec task = TaskSpecs.autoassoc(d, present, gap, delay, 0.5);
    SampledWindow w = WindowSampler.of(task, rs, DataType.DOUBLE).sample(batch, k, rng(1));
    WindowInput in = w.input();
    assertArrayEquals(
        new long[] {WindowLayout.length(task, k, rs), batch, 2L * d + 2}, in.x().shape());
    int[] expectedScored = new int[k];
    for (int b = 0; b < batch; b++) {
      StepAssert steps = new StepAssert(in.x(), b, d, d);
      for (int i = 0; i < k; i++) {
        int[] p = w.snippet(i, b);
        steps.steps(present, p, 1, 0, p).blank(gap);
      }
      steps.blank(delay);
      for (int r = 0; r < k; r++) {
        int[] p = w.snippet(w.recalled(r, b), b);
        int[] cue = p.clone();
        for (int c = 0; c < d; c++) {
          boolean hidden = in.hidden().getDouble(r, b, c) == 1.0;
          cue[c] = hidden ? 0 : p[c];
          assertEquals((p[c] + 1) / 2.0, in.targets().getDouble(r, b, c), "target bit " + c);
        }
        steps.steps(rs, cue, 0, 1, cue);
        expectedScored[r] = steps.step() - 1;
      }
      steps.assertEnd();
    }
    assertArrayEquals(expectedScored, in.scoreSteps());
    assertEquals(1, in.scoredStepsPerRecall());
  }

  @ParameterizedTest
  @CsvSource({"5, 0.5, 3", "4, 0.5, 2", "8, 0.5, 4", "6, 0.25, 2", "7, 0.0, 0", "3, 1.0, 3"})
  void everyCueHidesExactlyRoundHalfUpOfMaskFractionTimesD(int d, double fraction, int hidden) {
    TaskSpec task = TaskSpecs.autoassoc(d, 1, 1, 0, fraction);
    WindowInput in = WindowSampler.of(task, 2, DataType.DOUBLE).sample(16, 5, rng(2)).input();
    for (int r = 0; r < 5; r++) {
      for (int b = 0; b < 16; b++) {
        assertEquals(hidden, (int) in.hidden().get(pointAt(r, b)).sumNumber().doubleValue());
      }
    }
  }

  @Test
  void masksAreDrawnAfreshForEachRecallAndCoverEveryBit() {
    TaskSpec task = TaskSpecs.autoassoc(6, 1, 1, 0, 0.5);
    WindowInput in = WindowSampler.of(task, 2, DataType.DOUBLE).sample(50, 4, rng(3)).input();
    INDArray hiddenPerBit = in.hidden().sum(0, 1);
    for (int c = 0; c < 6; c++) {
      // 200 cues, each bit hidden with probability 1/2: never below 60 for this seed's draw.
      assertTrue(hiddenPerBit.getDouble(c) > 60, "bit " + c + " hidden " + hiddenPerBit);
    }
    assertNotEquals(in.hidden().get(pointAt(0, 0)), in.hidden().get(pointAt(1, 0)));
  }

  @Test
  void recallsAreUniformWithReplacement() {
    int k = 4;
    int batch = 500;
    SampledWindow w =
        WindowSampler.of(TaskSpecs.autoassoc(3, 1, 1, 0, 0.5), 2, DataType.FLOAT)
            .sample(batch, k, rng(4));
    int[] seen = new int[k];
    int lifetimesWithARepeat = 0;
    for (int b = 0; b < batch; b++) {
      boolean[] used = new boolean[k];
      boolean repeat = false;
      for (int r = 0; r < k; r++) {
        int i = w.recalled(r, b);
        assertTrue(i >= 0 && i < k, "recalled index " + i);
        seen[i]++;
        repeat |= used[i];
        used[i] = true;
      }
      lifetimesWithARepeat += repeat ? 1 : 0;
    }
    // With replacement, 1 - 4!/4^4 = 90.6% of lifetimes repeat a snippet; a permutation never does.
    assertTrue(lifetimesWithARepeat > 400, "lifetimes with a repeat: " + lifetimesWithARepeat);
    for (int i = 0; i < k; i++) {
      assertTrue(Math.abs(seen[i] - 500) < 80, "index " + i + " recalled " + seen[i] + " times");
    }
  }

  @Test
  void sameGeneratorGivesIdenticalWindowsAnotherGivesDifferentOnes() {
    WindowSampler sampler =
        WindowSampler.of(TaskSpecs.autoassoc(5, 1, 1, 1, 0.5), 2, DataType.DOUBLE);
    WindowInput a = sampler.sample(4, 3, rng(9)).input();
    WindowInput b = sampler.sample(4, 3, rng(9)).input();
    WindowInput c = sampler.sample(4, 3, rng(10)).input();
    assertEquals(a.x(), b.x());
    assertEquals(a.targets(), b.targets());
    assertEquals(a.hidden(), b.hidden());
    assertNotEquals(a.x(), c.x());
  }

  @Test
  void producesTheRequestedDataType() {
    WindowSampler floats =
        WindowSampler.of(TaskSpecs.autoassoc(3, 1, 1, 0, 0.5), 2, DataType.FLOAT);
    WindowInput in = floats.sample(2, 2, rng(5)).input();
    assertEquals(DataType.FLOAT, in.x().dataType());
    assertEquals(DataType.FLOAT, in.targets().dataType());
    assertEquals(DataType.FLOAT, in.hidden().dataType());
    assertThrows(
        IllegalArgumentException.class,
        () -> WindowSampler.of(TaskSpecs.autoassoc(3, 1, 1, 0, 0.5), 2, DataType.INT32));
  }

  @Test
  void snippetBitsArePlusOrMinusOneAndNotConstant() {
    SampledWindow w =
        WindowSampler.of(TaskSpecs.autoassoc(8, 1, 1, 0, 0.5), 2, DataType.DOUBLE)
            .sample(4, 4, rng(6));
    int plus = 0;
    for (int i = 0; i < 4; i++) {
      for (int b = 0; b < 4; b++) {
        for (int c = 0; c < 8; c++) {
          int bit = w.snippetBit(i, b, c);
          assertTrue(bit == 1 || bit == -1, "bit " + bit);
          plus += bit == 1 ? 1 : 0;
        }
      }
    }
    assertFalse(plus == 0 || plus == 128, "all 128 bits equal");
  }

  static SplittableRandom rng(long seed) {
    return new SplittableRandom(seed);
  }

  static INDArrayIndex[] pointAt(int s, int b) {
    return new INDArrayIndex[] {NDArrayIndex.point(s), NDArrayIndex.point(b), NDArrayIndex.all()};
  }
}
