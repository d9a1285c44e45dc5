package org.engram.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.engram.model.EngramNetwork;
import org.engram.model.MetaParameters;
import org.engram.model.WindowInput;
import org.engram.result.DifficultyMetrics;
import org.engram.runtime.Seeds;
import org.engram.runtime.Workspaces;
import org.engram.spec.EvalSpec;
import org.engram.spec.TaskSpec;
import org.engram.task.LifetimeSchedule;
import org.engram.task.WindowSampler;
import org.engram.train.EngramModel;
import org.engram.train.LifetimeBatch;
import org.engram.train.WindowModel;
import org.engram.train.WindowOutcome;
import org.nd4j.linalg.api.memory.MemoryWorkspace;

/**
 * Evaluates a trained theta across difficulty (MODEL.md sections 7 and 10.5): at each K, {@code
 * eval.lifetimes} fresh networks born together live {@code windowsPerLifetime} windows with no
 * gradient; the first {@code eval.burnInWindows} windows are run but not scored, so the network
 * carries old memories as interference; counts are pooled over the scored windows.
 */
public final class Evaluator {
  private final WindowModel model;
  private final TaskSpec task;
  private final int recallSteps;
  private final EvalSpec eval;

  /** An evaluator of the engram network. */
  public Evaluator(EngramNetwork network, TaskSpec task, int recallSteps, EvalSpec eval) {
    this(new EngramModel(network), task, recallSteps, eval);
  }

  /** An evaluator of any {@link WindowModel} (an engram network or a baseline). */
  public Evaluator(WindowModel model, TaskSpec task, int recallSteps, EvalSpec eval) {
    this.model = model;
    this.task = task;
    this.recallSteps = recallSteps;
    this.eval = eval;
  }

  /**
   * Metrics at every difficulty of {@code eval.difficulties}, with seeds derived from {@code seed}.
   */
  public List<DifficultyMetrics> evaluateAll(MetaParameters theta, long seed) {
    List<DifficultyMetrics> out = new ArrayList<>();
    for (int k : eval.difficulties()) {
      out.add(evaluate(theta, k, Seeds.derive(seed, "eval/K=" + k)));
    }
    return out;
  }

  /** Metrics at difficulty K. */
  public DifficultyMetrics evaluate(MetaParameters theta, int k, long seed) {
    WindowSampler sampler = WindowSampler.of(task, recallSteps, model.dtype());
    int windows = task.windowsPerLifetime();
    LifetimeBatch lifetimes =
        model.lifetimes(
            LifetimeSchedule.together(eval.lifetimes(), windows), Seeds.derive(seed, "lifetimes"));
    RecallCounts counts = RecallCounts.ZERO;
    for (int w = 0; w < windows; w++) {
      try (MemoryWorkspace ws = Workspaces.iteration("engram-eval-window")) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "window", w));
        WindowInput window = sampler.sample(eval.lifetimes(), k, rng).input();
        WindowOutcome pass = lifetimes.forward(theta, window, false);
        lifetimes.end(pass);
        if (w >= eval.burnInWindows()) {
          counts = counts.plus(RecallCounts.of(pass.scoredLogits(), window));
        }
      }
    }
    return HiddenBitMetrics.of(
        k,
        counts,
        sampler.layout().hiddenBitsPerSnippet(),
        model.size(),
        windows - eval.burnInWindows(),
        eval.lifetimes());
  }
}
