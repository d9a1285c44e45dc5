package org.engram.probe;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.engram.eval.RecallCounts;
import org.engram.model.EngramNetwork;
import org.engram.model.MetaParameters;
import org.engram.model.WindowInput;
import org.engram.model.WindowPass;
import org.engram.model.WindowStart;
import org.engram.runtime.Seeds;
import org.engram.runtime.Workspaces;
import org.engram.spec.EvalSpec;
import org.engram.spec.TaskSpec;
import org.engram.task.LifetimeSchedule;
import org.engram.task.WindowLayout;
import org.engram.task.WindowSampler;
import org.engram.train.Lifetimes;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Where the memory sits (MODEL.md section 8): recall accuracy at one K when, in every scored
 * window, the activations are set to 0 (or the synapses to their birth values) between the last
 * storage event and the first recall. What survives a reset of the activations was held in the
 * synapses, and the other way round.
 *
 * <p>Lifetimes, windows and seeds are exactly the {@link org.engram.eval.Evaluator}'s, so the
 * accuracy with nothing reset equals the evaluation's at the same K and seed; each scored window
 * runs as two forward passes, storage then recall, with the state handed over between them.
 */
public final class StateResetRecall {

  /** What is reset between storage and recall. */
  public enum Reset {
    NOTHING,
    ACTIVATIONS,
    SYNAPSES
  }

  private final EngramNetwork network;
  private final TaskSpec task;
  private final int recallSteps;
  private final EvalSpec eval;

  public StateResetRecall(EngramNetwork network, TaskSpec task, int recallSteps, EvalSpec eval) {
    this.network = network;
    this.task = task;
    this.recallSteps = recallSteps;
    this.eval = eval;
  }

  /** Hidden-bit accuracy at difficulty K after {@code reset}, seeds derived from {@code seed}. */
  public double bitAccuracy(MetaParameters theta, int k, long seed, Reset reset) {
    return counts(theta, k, seed, reset).bitAccuracy();
  }

  /** The pooled recall counts behind {@link #bitAccuracy} (the loss included). */
  RecallCounts counts(MetaParameters theta, int k, long seed, Reset reset) {
    WindowSampler sampler = WindowSampler.of(task, recallSteps, network.dtype());
    int split = new WindowLayout(task, recallSteps).recallStart(k, 0);
    int windows = task.windowsPerLifetime();
    Lifetimes lifetimes =
        new Lifetimes(
            network,
            LifetimeSchedule.together(eval.lifetimes(), windows),
            Seeds.derive(seed, "lifetimes"));
    RecallCounts counts = RecallCounts.ZERO;
    for (int w = 0; w < windows; w++) {
      try (MemoryWorkspace ws = Workspaces.iteration("engram-probe-window")) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "window", w));
        WindowInput window = sampler.sample(eval.lifetimes(), k, rng).input();
        WindowStart start = lifetimes.start();
        if (w < eval.burnInWindows()) {
          lifetimes.end(network.forward(theta, start, window, false));
          continue;
        }
        WindowPass storage = network.forward(theta, start, storageHalf(window, split), false);
        WindowInput recallInput = recallHalf(window, split);
        WindowPass recall =
            network.forward(theta, handOver(theta, start, storage, reset), recallInput, false);
        lifetimes.end(recall);
        counts = counts.plus(RecallCounts.of(recall.scoredLogits(), recallInput));
      }
    }
    return counts;
  }

  /** The state after storage, reset as asked, carried (never born) into the recall half. */
  private WindowStart handOver(
      MetaParameters theta, WindowStart start, WindowPass storage, Reset reset) {
    INDArray act = storage.finalActivations();
    INDArray syn = storage.finalSynapses();
    if (reset == Reset.ACTIVATIONS) {
      act = Nd4j.zerosLike(act);
    } else if (reset == Reset.SYNAPSES) {
      syn = network.birthSynapses(theta, start.birthNoise());
    }
    return new WindowStart(act, syn, start.birthNoise(), new boolean[start.born().length]);
  }

  /**
   * Steps before {@code split}. A forward pass scores at least one step, so the last one is scored
   * against zeros and ignored.
   */
  static WindowInput storageHalf(WindowInput window, int split) {
    INDArray x = window.x().get(NDArrayIndex.interval(0, split), NDArrayIndex.all()).dup();
    long[] shape = window.targets().shape().clone();
    shape[0] = 1;
    INDArray none = Nd4j.zeros(window.targets().dataType(), shape);
    return new WindowInput(x, new int[] {split - 1}, none, none.dup());
  }

  /** Steps from {@code split} on, scored where the window is. */
  static WindowInput recallHalf(WindowInput window, int split) {
    INDArray x =
        window.x().get(NDArrayIndex.interval(split, window.steps()), NDArrayIndex.all()).dup();
    int[] scored = Arrays.stream(window.scoreSteps()).map(t -> t - split).toArray();
    return new WindowInput(
        x, scored, window.targets(), window.hidden(), window.scoredStepsPerRecall());
  }
}
