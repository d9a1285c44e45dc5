package org.engram.spec;

import static org.engram.spec.Checks.notNull;

/**
 * Everything that determines one trial: one full meta-training plus evaluation of one spec with one
 * seed. Plain data, so Spark can ship it and Jackson can write it; its canonical JSON (see {@code
 * org.engram.runtime.SpecJson}) and the code version give the trial's id.
 */
public record TrialSpec(
    NetworkSpec network, TaskSpec task, TrainSpec train, EvalSpec eval, long seed) {

  public TrialSpec {
    notNull("network", network);
    notNull("task", task);
    notNull("train", train);
    notNull("eval", eval);
    if (eval.burnInWindows() >= task.windowsPerLifetime()) {
      throw new IllegalArgumentException(
          "eval.burnInWindows must be < task.windowsPerLifetime ("
              + task.windowsPerLifetime()
              + ") or no window is scored, got "
              + eval.burnInWindows());
    }
  }

  /** MODEL.md's defaults with the given seed. */
  public static TrialSpec defaults(long seed) {
    return new TrialSpec(
        NetworkSpec.defaults(),
        TaskSpec.defaults(),
        TrainSpec.defaults(),
        EvalSpec.defaults(),
        seed);
  }
}
