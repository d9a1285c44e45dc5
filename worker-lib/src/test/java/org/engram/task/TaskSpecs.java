package org.engram.task;

import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;

/** Small task specs for tests. */
final class TaskSpecs {
  private TaskSpecs() {}

  /** A task with K = 1 (the samplers take K as an argument), W = 8. */
  static TaskSpec spec(
      TaskKind kind,
      int d,
      int dv,
      int frames,
      int present,
      int gap,
      int delay,
      double maskFraction) {
    return new TaskSpec(kind, d, dv, frames, 1, present, gap, 0, delay, maskFraction, 8);
  }

  static TaskSpec autoassoc(int d, int present, int gap, int delay, double maskFraction) {
    return spec(TaskKind.AUTOASSOC, d, d, 2, present, gap, delay, maskFraction);
  }
}
