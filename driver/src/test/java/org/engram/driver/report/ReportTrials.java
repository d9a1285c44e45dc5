package org.engram.driver.report;

import java.util.ArrayList;
import java.util.List;
import org.engram.driver.run.TrialExecutor;
import org.engram.eval.NetworkSize;
import org.engram.result.DifficultyMetrics;
import org.engram.result.RuleProbes;
import org.engram.result.TrialResult;
import org.engram.result.TrialStatus;
import org.engram.spec.NetworkType;
import org.engram.spec.TrialSpec;
import org.engram.train.CheckpointStore;
import org.engram.train.ProgressListener;

/**
 * A test {@code run.runner} whose results are known in closed form, so a report's means and
 * intervals can be checked by hand: hidden-bit accuracy is {@link #accuracy}, bits per synapse a
 * hundredth of it, the rule probes {@link #probes}, and seed 13 fails.
 */
public final class ReportTrials implements TrialExecutor {
  static final long FAILING_SEED = 13;

  /** 0.95 − 0.1·log2(K) − 0.1 (frozen) − 0.01·(training K) + 0.01·seed. */
  static double accuracy(String type, int trainedK, int k, long seed) {
    double log2k = Math.log(k) / Math.log(2);
    return 0.95
        - 0.1 * log2k
        - (type.equals("frozen-synapses") ? 0.1 : 0)
        - 0.01 * trainedK
        + 0.01 * seed;
  }

  /** N of the synthetic network: 2·patternSize + hidden + 2, as in the dense topology. */
  static int neurons(TrialSpec spec) {
    return 2 * spec.task().patternSize() + spec.network().hidden() + 2;
  }

  /**
   * Rule probes in closed form: Δw[0] = 0.1 · seed · post · pre − 0.01 on a 5-point grid, the
   * Hebbian score 0.9 (none for seed 2), decay −0.01; none for baselines.
   */
  static RuleProbes probes(TrialSpec spec) {
    if (spec.network().type().isBaseline()) {
      return null;
    }
    double[] grid = {-1, -0.5, 0, 0.5, 1};
    double[] dw = new double[grid.length * grid.length];
    for (int post = 0; post < grid.length; post++) {
      for (int pre = 0; pre < grid.length; pre++) {
        dw[post * grid.length + pre] = 0.1 * spec.seed() * grid[post] * grid[pre] - 0.01;
      }
    }
    return new RuleProbes(
        grid,
        dw,
        "hidden",
        "hidden",
        spec.seed() == 2 ? Double.NaN : 0.9,
        -0.01,
        0.02,
        spec.task().snippets(),
        0.8,
        0.7,
        0.55);
  }

  @Override
  public TrialResult run(
      TrialSpec spec, String trialId, CheckpointStore checkpoints, ProgressListener listener) {
    if (spec.seed() == FAILING_SEED) {
      throw new IllegalStateException("injected failure for seed " + FAILING_SEED);
    }
    String type = spec.network().type().label();
    List<DifficultyMetrics> evals = new ArrayList<>();
    int capacity = 0;
    int n = neurons(spec);
    for (int k : spec.eval().difficulties()) {
      double acc = accuracy(type, spec.task().snippets(), k, spec.seed());
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
              k * acc,
              acc / 100,
              acc / 10,
              100,
              10,
              6,
              2,
              new NetworkSize(
                  n, n * (n - 1) / 2, type.equals(NetworkType.HEBBIAN.label()) ? 1 : 2)));
    }
    return new TrialResult(
        spec,
        TrialStatus.OK,
        null,
        evals,
        capacity,
        List.of(),
        "{}",
        probes(spec),
        spec.train().steps(),
        0,
        0.01,
        0.01,
        null);
  }
}
