package org.engram.task;

import org.engram.model.WindowInput;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Plain-array staging of one window, written step by step by a sampler and turned into ND4J arrays
 * once at the end: windows are small, and a Java loop over steps and bits is clearer than views.
 * Unwritten entries stay {@code +0.0}, so no {@code -0.0} reaches the stream.
 */
final class WindowBuffer {
  private final int steps;
  private final int batch;
  private final int channels;
  private final int outputs;
  private final int[] scoreSteps;
  private final double[] x;
  private final double[] targets;
  private final double[] hidden;

  WindowBuffer(WindowLayout layout, int batch, int snippets) {
    this.steps = layout.length(snippets);
    this.batch = batch;
    this.channels = layout.channelCount();
    this.outputs = layout.outputSize();
    this.scoreSteps = layout.scoreSteps(snippets);
    this.x = new double[steps * batch * channels];
    this.targets = new double[scoreSteps.length * batch * outputs];
    this.hidden = new double[scoreSteps.length * batch * outputs];
  }

  /** Sets channel {@code c} of lifetime {@code b} at step {@code t}. */
  void set(int t, int b, int c, double value) {
    x[(t * batch + b) * channels + c] = value;
  }

  /** Sets channel {@code c} of lifetime {@code b} at steps {@code from .. from + count - 1}. */
  void fill(int from, int count, int b, int c, double value) {
    for (int t = from; t < from + count; t++) {
      set(t, b, c, value);
    }
  }

  /** Target bit {@code k} ({@code +-1}, stored as 0/1) of scored step {@code s}, lifetime b. */
  void target(int s, int b, int k, int bit, boolean isHidden) {
    int i = (s * batch + b) * outputs + k;
    targets[i] = bit > 0 ? 1.0 : 0.0;
    hidden[i] = isHidden ? 1.0 : 0.0;
  }

  WindowInput toInput(DataType dtype, int scoredStepsPerRecall) {
    long[] scoredShape = {scoreSteps.length, batch, outputs};
    return new WindowInput(
        Nd4j.create(x, new long[] {steps, batch, channels}, dtype),
        scoreSteps,
        Nd4j.create(targets, scoredShape, dtype),
        Nd4j.create(hidden, scoredShape, dtype),
        scoredStepsPerRecall);
  }
}
