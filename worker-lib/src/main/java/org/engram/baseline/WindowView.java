package org.engram.baseline;

import java.util.Arrays;
import org.engram.model.WindowInput;
import org.engram.spec.TaskSpec;
import org.engram.task.WindowLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads a window as the memory baselines need it: the data and target channels of a step, the first
 * step of each storage event (a snippet shown for {@code present} steps is stored once), and which
 * steps are scored.
 */
final class WindowView {
  private final WindowLayout layout;
  private final int d;
  private final int dOut;

  WindowView(TaskSpec task, int recallSteps) {
    this.layout = new WindowLayout(task, recallSteps);
    this.d = task.dataSize();
    this.dOut = task.outputSize();
  }

  /** {@code [B, D]} the data channels at step t. */
  INDArray data(WindowInput in, int t, DataType dtype) {
    return BatchOps.cols(in.x().slice(t), 0, d).castTo(dtype);
  }

  /** {@code [B, Dout]} the target channels at step t ({@code +-1} shown, 0 hidden or blank). */
  INDArray targets(WindowInput in, int t, DataType dtype) {
    return BatchOps.cols(in.x().slice(t), d + 2, d + 2 + dOut).castTo(dtype);
  }

  /**
   * Whether each step is the first step of a storage event: K events (K = the window's recall
   * events) at {@code i * (present + gap)} (MODEL.md section 5). Checks the store channel there, so
   * a window of another layout fails loudly instead of storing blanks.
   */
  boolean[] storageStarts(WindowInput in) {
    boolean[] starts = new boolean[in.steps()];
    for (int i = 0; i < in.recallCount(); i++) {
      int t = layout.storageStart(i);
      if (t >= starts.length || in.x().getDouble(t, 0, layout.storeChannel()) != 1.0) {
        throw new IllegalArgumentException(
            "window does not have storage event " + i + " at step " + t + " (store channel off)");
      }
      starts[t] = true;
    }
    return starts;
  }

  /** Per step: the index of its scored row, or -1 if the step is not scored. */
  static int[] scoredRows(WindowInput in) {
    int[] rows = new int[in.steps()];
    Arrays.fill(rows, -1);
    int[] steps = in.scoreSteps();
    for (int k = 0; k < steps.length; k++) {
      rows[steps[k]] = k;
    }
    return rows;
  }
}
