package org.engram.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.engram.model.WindowInput;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

class HeteroassocSamplerTest {

  @ParameterizedTest
  @CsvSource({
    // D (key), Dv (value), K, B, present, gap, delay, recallSteps
    "3, 2, 2, 2, 1, 1, 0, 2",
    "2, 4, 3, 1, 2, 0, 2, 3",
    "4, 1, 1, 3, 1, 2, 1, 2",
  })
  void storageShowsKeyAndValueTheCueTheKeyAloneAndEveryValueBitIsHidden(
      int d, int dv, int k, int batch, int present, int gap, int delay, int rs) {
    TaskSpec task = TaskSpecs.spec(TaskKind.HETEROASSOC, d, dv, 2, present, gap, delay, 0.5);
    SampledWindow w =
        WindowSampler.of(task, rs, DataType.DOUBLE).sample(batch, k, new SplittableRandom(11));
    WindowInput in = w.input();
    assertEquals(d + 2 + dv, in.x().size(2));
    assertArrayEquals(new long[] {k, batch, dv}, in.targets().shape());
    assertEquals(d + dv, w.snippetBits());
    int[] scored = new int[k];
    for (int b = 0; b < batch; b++) {
      StepAssert steps = new StepAssert(in.x(), b, d, dv);
      for (int i = 0; i < k; i++) {
        int[] kv = w.snippet(i, b);
        steps.steps(present, Arrays.copyOf(kv, d), 1, 0, Arrays.copyOfRange(kv, d, d + dv));
        steps.blank(gap);
      }
      steps.blank(delay);
      for (int r = 0; r < k; r++) {
        int[] kv = w.snippet(w.recalled(r, b), b);
        steps.steps(rs, Arrays.copyOf(kv, d), 0, 1, null);
        scored[r] = steps.step() - 1;
        for (int c = 0; c < dv; c++) {
          assertEquals(1.0, in.hidden().getDouble(r, b, c), "value bit " + c + " hidden");
          assertEquals((kv[d + c] + 1) / 2.0, in.targets().getDouble(r, b, c));
        }
      }
      steps.assertEnd();
    }
    assertArrayEquals(scored, in.scoreSteps());
    assertEquals(w.input().hidden().length(), in.hidden().sumNumber().longValue());
  }
}
