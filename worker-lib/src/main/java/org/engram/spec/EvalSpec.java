package org.engram.spec;

import static org.engram.spec.Checks.atLeast;
import static org.engram.spec.Checks.notNull;

import java.util.List;

/**
 * Evaluation of a trained rule across difficulty (MODEL.md section 7).
 *
 * @param difficulties the K values to evaluate at, in order (may exceed the training K)
 * @param lifetimes networks evaluated at each difficulty, born together
 * @param burnInWindows windows at the start of each lifetime that are run but not scored
 */
public record EvalSpec(List<Integer> difficulties, int lifetimes, int burnInWindows) {

  public EvalSpec {
    notNull("eval.difficulties", difficulties);
    if (difficulties.isEmpty()) {
      throw new IllegalArgumentException("eval.difficulties must list at least one K, got []");
    }
    for (Integer k : difficulties) {
      if (k == null || k < 1) {
        throw new IllegalArgumentException(
            "eval.difficulties must hold integers >= 1, got " + difficulties);
      }
    }
    difficulties = List.copyOf(difficulties);
    atLeast("eval.lifetimes", lifetimes, 1);
    atLeast("eval.burnInWindows", burnInWindows, 0);
  }

  /** MODEL.md's defaults: K = 1, 2, 4, 8; 64 lifetimes; burn-in 2 windows. */
  public static EvalSpec defaults() {
    return new EvalSpec(List.of(1, 2, 4, 8), 64, 2);
  }
}
