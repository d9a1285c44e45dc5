package org.engram.baseline;

import java.util.SplittableRandom;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.engram.task.SampledWindow;
import org.engram.task.WindowSampler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small tasks and real sampled windows for the baseline tests. */
final class Fixtures {
  static final int RECALL_STEPS = 2;

  private Fixtures() {}

  /** A task of kind {@code kind}, D data bits, Dv value bits, K snippets, present and gap. */
  static TaskSpec task(TaskKind kind, int d, int dv, int k, int present, int gap) {
    return new TaskSpec(kind, d, dv, 3, k, present, gap, RECALL_STEPS, 0, 0.5, 4);
  }

  static WindowView view(TaskSpec task) {
    return new WindowView(task, RECALL_STEPS);
  }

  static SampledWindow window(TaskSpec task, int batch, DataType dtype, long seed) {
    return WindowSampler.of(task, RECALL_STEPS, dtype)
        .sample(batch, task.snippets(), new SplittableRandom(seed));
  }

  /** A {@code [shape]} array of N(0, scale^2) draws. */
  static INDArray gaussian(SplittableRandom rng, double scale, long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian() * scale;
    }
    return Nd4j.create(v, shape, DataType.DOUBLE);
  }
}
