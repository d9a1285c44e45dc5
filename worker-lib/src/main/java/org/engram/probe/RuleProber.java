package org.engram.probe;

import org.engram.model.EngramNetwork;
import org.engram.model.MetaParameters;
import org.engram.probe.StateResetRecall.Reset;
import org.engram.result.RuleProbes;
import org.engram.runtime.Seeds;
import org.engram.spec.EvalSpec;
import org.engram.spec.TaskSpec;

/**
 * Every probe of MODEL.md section 8 on one trained rule: the response grid with its scores, and
 * recall at the training K intact, after resetting the activations and after resetting the
 * synapses.
 */
public final class RuleProber {

  /** Activity values per axis of the response grid: odd, so that 0 is on it. */
  public static final int GRID_SIZE = 9;

  private RuleProber() {}

  /**
   * Probes {@code theta} on {@code network}.
   *
   * @param evalSeed the trial's evaluation seed, so that the intact recall equals the evaluation's
   *     at the same K
   */
  public static RuleProbes probe(
      EngramNetwork network,
      MetaParameters theta,
      TaskSpec task,
      int recallSteps,
      EvalSpec eval,
      long evalSeed) {
    RuleResponse response = RuleResponse.measure(network, theta, GRID_SIZE);
    int k = task.snippets();
    long seed = Seeds.derive(evalSeed, "eval/K=" + k);
    StateResetRecall recall = new StateResetRecall(network, task, recallSteps, eval);
    return new RuleProbes(
        response.gridValues(),
        response.deltaW0(),
        response.postRole(),
        response.preRole(),
        response.hebbianScore(),
        response.decay(),
        response.decayRate(),
        k,
        recall.bitAccuracy(theta, k, seed, Reset.NOTHING),
        recall.bitAccuracy(theta, k, seed, Reset.ACTIVATIONS),
        recall.bitAccuracy(theta, k, seed, Reset.SYNAPSES));
  }
}
