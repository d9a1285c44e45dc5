package org.engram.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.engram.model.WindowInput;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

class SequenceSamplerTest {

  @ParameterizedTest
  @CsvSource({
    // D, L, K, B, present, gap, delay, recallSteps
    "3, 3, 2, 2, 1, 1, 0, 2",
    "2, 2, 3, 1, 2, 0, 1, 3",
    "2, 4, 2, 2, 1, 2, 2, 2",
    "3, 3, 1, 1, 3, 1, 0, 4",
  })
  void storageShowsFramesBackToBackAndRecallScoresEachLaterFrame(
      int d, int frames, int k, int batch, int present, int gap, int delay, int rs) {
    TaskSpec task = TaskSpecs.spec(TaskKind.SEQUENCE, d, d, frames, present, gap, delay, 0.5);
    SampledWindow w =
        WindowSampler.of(task, rs, DataType.DOUBLE).sample(batch, k, new SplittableRandom(21));
    WindowInput in = w.input();
    int per = frames - 1;
    assertEquals(per, in.scoredStepsPerRecall());
    assertArrayEquals(new long[] {(long) k * per, batch, d}, in.targets().shape());
    int[] scored = new int[k * per];
    for (int b = 0; b < batch; b++) {
      StepAssert steps = new StepAssert(in.x(), b, d, d);
      for (int i = 0; i < k; i++) {
        int[] seq = w.snippet(i, b);
        for (int l = 0; l < frames; l++) {
          int[] frame = frame(seq, l, d);
          steps.steps(present, frame, 1, 0, frame);
        }
        steps.blank(gap);
      }
      steps.blank(delay);
      for (int r = 0; r < k; r++) {
        int[] seq = w.snippet(w.recalled(r, b), b);
        steps.steps(rs, frame(seq, 0, d), 0, 1, frame(seq, 0, d));
        for (int l = 1; l < frames; l++) {
          steps.steps(rs - 1, null, 0, 1, null);
          int s = r * per + l - 1;
          scored[s] = steps.step() - 1;
          for (int c = 0; c < d; c++) {
            assertEquals(1.0, in.hidden().getDouble(s, b, c));
            assertEquals((seq[l * d + c] + 1) / 2.0, in.targets().getDouble(s, b, c));
          }
        }
      }
      steps.assertEnd();
    }
    assertArrayEquals(scored, in.scoreSteps());
    assertEquals(in.recallCount(), k);
  }

  @Test
  void sameGeneratorGivesIdenticalWindowsAnotherGivesDifferentOnes() {
    TaskSpec task = TaskSpecs.spec(TaskKind.SEQUENCE, 4, 4, 3, 1, 1, 0, 0.5);
    WindowSampler sampler = WindowSampler.of(task, 2, DataType.FLOAT);
    WindowInput a = sampler.sample(3, 2, new SplittableRandom(1)).input();
    WindowInput b = sampler.sample(3, 2, new SplittableRandom(1)).input();
    WindowInput c = sampler.sample(3, 2, new SplittableRandom(2)).input();
    assertEquals(a.x(), b.x());
    assertEquals(a.targets(), b.targets());
    assertEquals(false, a.x().equals(c.x()));
  }

  private static int[] frame(int[] seq, int l, int d) {
    return Arrays.copyOfRange(seq, l * d, (l + 1) * d);
  }
}
