package org.engram.result;

import java.util.List;
import org.engram.spec.TrialSpec;

/**
 * The outcome of one trial: one spec in, one result out.
 *
 * @param spec the trial that ran
 * @param status OK or FAILED
 * @param error the reason for a failure (with the meta-step where it applies), null if OK
 * @param evals the metrics at each evaluated difficulty, in {@code eval.difficulties} order
 * @param capacityK90 the largest evaluated K with bit accuracy >= 0.9, 0 if none
 * @param curve the training curve in long format
 * @param ruleJson the trained rule (meta-parameters plus the settings it needs), as JSON
 * @param probes what the trained rule is (MODEL.md section 8), null for baselines and failures
 * @param metaStepsDone meta-steps completed, including those restored from a checkpoint
 * @param resumedFromStep the meta-step the trial resumed from (0 if it started fresh)
 * @param trainSeconds wall time of meta-training in this attempt
 * @param evalSeconds wall time of evaluation
 * @param provenance what produced the result
 */
public record TrialResult(
    TrialSpec spec,
    TrialStatus status,
    String error,
    List<DifficultyMetrics> evals,
    int capacityK90,
    List<CurvePoint> curve,
    String ruleJson,
    RuleProbes probes,
    int metaStepsDone,
    int resumedFromStep,
    double trainSeconds,
    double evalSeconds,
    Provenance provenance) {

  public TrialResult {
    evals = evals == null ? List.of() : List.copyOf(evals);
    curve = curve == null ? List.of() : List.copyOf(curve);
  }

  /** The same result with another error message. */
  public TrialResult withError(String newError) {
    return new TrialResult(
        spec,
        status,
        newError,
        evals,
        capacityK90,
        curve,
        ruleJson,
        probes,
        metaStepsDone,
        resumedFromStep,
        trainSeconds,
        evalSeconds,
        provenance);
  }

  /** The same result with other provenance (the driver adds what only the executor knows). */
  public TrialResult withProvenance(Provenance newProvenance) {
    return new TrialResult(
        spec,
        status,
        error,
        evals,
        capacityK90,
        curve,
        ruleJson,
        probes,
        metaStepsDone,
        resumedFromStep,
        trainSeconds,
        evalSeconds,
        newProvenance);
  }
}
