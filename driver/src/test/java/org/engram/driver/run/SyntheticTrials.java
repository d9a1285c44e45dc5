package org.engram.driver.run;

import java.util.ArrayList;
import java.util.List;
import org.engram.eval.NetworkSize;
import org.engram.result.CurvePoint;
import org.engram.result.DifficultyMetrics;
import org.engram.result.RuleProbes;
import org.engram.result.TrialResult;
import org.engram.result.TrialStatus;
import org.engram.spec.TrialSpec;
import org.engram.train.CheckpointStore;
import org.engram.train.ProgressListener;

/**
 * A test {@code run.runner}: a fast, deterministic stand-in for the trainer that exercises the
 * driver's plumbing (tables, resume, failures) in seconds. Seed 13 throws, as a trial that the
 * worker rejects at run time would. The Spark tests that need the real trainer use {@link
 * DefaultTrialExecutor} or {@link FailOnSeed13}.
 */
public final class SyntheticTrials implements TrialExecutor {
  /** The seed whose trial fails. */
  public static final long FAILING_SEED = 13;

  @Override
  public TrialResult run(
      TrialSpec spec, String trialId, CheckpointStore checkpoints, ProgressListener listener) {
    if (spec.seed() == FAILING_SEED) {
      throw new IllegalStateException("injected failure for seed " + FAILING_SEED);
    }
    List<DifficultyMetrics> evals = new ArrayList<>();
    int capacity = 0;
    for (int k : spec.eval().difficulties()) {
      double acc = Math.max(0.5, 1.0 - 0.05 * k);
      if (acc >= 0.9) {
        capacity = k;
      }
      evals.add(
          new DifficultyMetrics(
              k,
              acc,
              1.0,
              acc * acc,
              0.3,
              k * 2.0,
              0.01,
              0.1,
              100,
              10,
              6,
              2,
              new NetworkSize(20, 200, 4)));
    }
    List<CurvePoint> curve = new ArrayList<>();
    for (int s = 1; s <= spec.train().steps(); s += spec.train().curveEvery()) {
      curve.add(new CurvePoint(s, "loss", 1.0 / s));
      curve.add(new CurvePoint(s, "bit_accuracy", 0.5 + 0.4 * s / spec.train().steps()));
    }
    return new TrialResult(
        spec,
        TrialStatus.OK,
        null,
        evals,
        capacity,
        curve,
        "{}",
        probes(spec),
        spec.train().steps(),
        0,
        0.01,
        0.01,
        null);
  }

  /** Probes shaped like a real rule's: a Hebbian grid scaled by the seed, none for baselines. */
  private static RuleProbes probes(TrialSpec spec) {
    if (spec.network().type().isBaseline()) {
      return null;
    }
    double[] grid = {-1, 0, 1};
    double[] dw = new double[9];
    for (int post = 0; post < 3; post++) {
      for (int pre = 0; pre < 3; pre++) {
        dw[post * 3 + pre] = 0.01 * spec.seed() * grid[post] * grid[pre];
      }
    }
    return new RuleProbes(grid, dw, "hidden", "hidden", 1.0, 0.0, 0.01, 1, 0.9, 0.6, 0.7);
  }
}
