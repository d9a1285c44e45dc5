package org.engram.task;

import java.util.SplittableRandom;
import org.engram.spec.TaskSpec;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Draws the windows of one task (MODEL.md section 5) for a batch of lifetimes: fresh snippets,
 * which stored snippet each recall event shows (uniformly, with replacement), the cues, the targets
 * and the hidden-bit masks. Implementations hold no random state: every draw comes from the {@link
 * SplittableRandom} passed in, so equal generators give identical windows.
 */
public interface WindowSampler {

  /**
   * The sampler of {@code task.kind}.
   *
   * @param recallSteps the resolved {@code task.recallSteps} (see {@code
   *     NetworkStructure.resolveRecallSteps})
   * @param dtype {@code FLOAT} or {@code DOUBLE}, the type of the arrays produced
   */
  static WindowSampler of(TaskSpec task, int recallSteps, DataType dtype) {
    WindowLayout layout = new WindowLayout(task, recallSteps);
    if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
      throw new IllegalArgumentException("dtype must be FLOAT or DOUBLE, got " + dtype);
    }
    return switch (task.kind()) {
      case AUTOASSOC -> new AutoassocSampler(layout, dtype);
      case HETEROASSOC -> new HeteroassocSampler(layout, dtype);
      case SEQUENCE -> new SequenceSampler(layout, dtype);
    };
  }

  /** Where the events of this task's windows sit, and their length. */
  WindowLayout layout();

  /**
   * Samples one window.
   *
   * @param batch B, the lifetimes (each gets its own snippets and recalls)
   * @param snippets K, the difficulty
   * @param rng the source of every random draw
   */
  SampledWindow sample(int batch, int snippets, SplittableRandom rng);
}
