package org.engram.train;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.engram.eval.RecallCounts;
import org.engram.model.EngramNetwork;
import org.engram.model.MetaParameters;
import org.engram.model.WindowInput;
import org.engram.runtime.Seeds;
import org.engram.runtime.Workspaces;
import org.engram.spec.TaskSpec;
import org.engram.spec.TrainSpec;
import org.engram.task.LifetimeSchedule;
import org.engram.task.WindowSampler;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Truncated-BPTT meta-training (MODEL.md section 6): each meta-step samples one window per
 * lifetime, unrolls the network over it from the carried state, back-propagates the window's loss,
 * clips the global gradient norm and takes one Adam step with the scheduled learning rate. A
 * non-finite loss or gradient throws {@link TrialDivergedException}.
 *
 * <p>Every random draw of meta-step k comes from sub-seeds of the trial seed and k, so a trainer
 * restored from a checkpoint continues exactly as an uninterrupted one.
 */
public final class MetaTrainer {
  private final WindowModel model;
  private final MetaParameters theta;
  private final TaskSpec task;
  private final TrainSpec train;
  private final long seed;
  private final WindowSampler sampler;
  private final Adam adam;
  private final LifetimeBatch lifetimes;
  // d loss / d theta of the current meta-step, overwritten by each (outside any workspace).
  private final MetaParameters grads;
  private final LearningRateSchedule schedule;
  private final ArrayDeque<Double> recentAccuracy = new ArrayDeque<>();
  private int stepsDone;
  private int snippets;

  /** The outcome of one meta-step. */
  public record StepResult(
      int metaStep,
      int snippets,
      double loss,
      double bitAccuracy,
      double visibleBitAccuracy,
      double gradNorm,
      double learningRate) {}

  /** A trainer of the engram network. */
  public MetaTrainer(
      EngramNetwork network,
      MetaParameters theta,
      TaskSpec task,
      int recallSteps,
      TrainSpec train,
      long seed) {
    this(new EngramModel(network), theta, task, recallSteps, train, seed);
  }

  /** A trainer of any {@link WindowModel}; it must be {@link WindowModel#trainable()}. */
  public MetaTrainer(
      WindowModel model,
      MetaParameters theta,
      TaskSpec task,
      int recallSteps,
      TrainSpec train,
      long seed) {
    if (!model.trainable()) {
      throw new IllegalArgumentException(
          "network type " + model.type().label() + " has nothing to meta-train");
    }
    this.model = model;
    this.theta = theta;
    this.task = task;
    this.train = train;
    this.seed = seed;
    this.sampler = WindowSampler.of(task, recallSteps, model.dtype());
    this.adam =
        new Adam(
            train.adamBeta1(),
            train.adamBeta2(),
            train.adamEpsilon(),
            Math.toIntExact(theta.flat().length()),
            theta.dtype());
    this.lifetimes =
        model.lifetimes(
            LifetimeSchedule.staggered(train.batch(), task.windowsPerLifetime()),
            Seeds.derive(seed, "lifetimes"));
    try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      this.grads = theta.zerosLike();
    }
    this.schedule = new LearningRateSchedule(train.lr(), train.finalLr(), train.steps());
    this.snippets = train.curriculum() ? 1 : task.snippets();
  }

  /** Runs one meta-step; every temporary lives in this thread's meta-step workspace. */
  public StepResult step() {
    try (MemoryWorkspace ws = Workspaces.iteration("engram-meta-step")) {
      return stepInWorkspace();
    }
  }

  private StepResult stepInWorkspace() {
    int k = stepsDone;
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "window", k));
    WindowInput window = sampler.sample(train.batch(), snippets, rng).input();
    WindowOutcome pass = lifetimes.forward(theta, window, true);
    if (!Double.isFinite(pass.loss())) {
      throw new TrialDivergedException(k + 1, "non-finite loss (" + pass.loss() + ")");
    }
    lifetimes.backward(theta, pass, grads);
    double[] gradValues = grads.values();
    double norm = MetaParameters.norm2(gradValues);
    if (!Double.isFinite(norm)) {
      throw new TrialDivergedException(k + 1, "non-finite gradient in " + nonFinite(grads));
    }
    double lr = schedule.at(k);
    adam.step(theta, gradValues, norm > train.clip() ? train.clip() / norm : 1.0, lr);
    lifetimes.end(pass);
    RecallCounts counts = RecallCounts.of(pass.scoredLogits(), window);
    StepResult result =
        new StepResult(
            k + 1,
            snippets,
            pass.loss(),
            counts.bitAccuracy(),
            counts.visibleBitAccuracy(),
            norm,
            lr);
    stepsDone++;
    advanceCurriculum(counts.bitAccuracy());
    return result;
  }

  /**
   * MODEL.md sections 6 and 10.9: K grows by one when the mean hidden-bit accuracy of the last
   * {@code train.curriculumWindow} meta-steps exceeds the threshold, up to the task's K.
   */
  private void advanceCurriculum(double accuracy) {
    if (!train.curriculum() || snippets >= task.snippets()) {
      return;
    }
    recentAccuracy.addLast(accuracy);
    if (recentAccuracy.size() > train.curriculumWindow()) {
      recentAccuracy.removeFirst();
    }
    double mean = recentAccuracy.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    if (recentAccuracy.size() == train.curriculumWindow() && mean > train.curriculumThreshold()) {
      snippets++;
      recentAccuracy.clear();
    }
  }

  private static String nonFinite(MetaParameters grads) {
    List<String> bad = new ArrayList<>();
    for (String name : grads.layout().names()) {
      INDArray g = grads.get(name);
      double sum = g.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).sumNumber().doubleValue();
      if (!Double.isFinite(sum)) {
        bad.add(name);
      }
    }
    return String.join(", ", bad);
  }

  public int stepsDone() {
    return stepsDone;
  }

  public int snippets() {
    return snippets;
  }

  public MetaParameters parameters() {
    return theta;
  }

  /** The whole training state: theta, Adam, the lifetimes' carried state, curriculum, step. */
  public TrainingCheckpoint checkpoint(String fingerprint) {
    INDArray[] life = lifetimes.snapshot();
    return new TrainingCheckpoint(
        fingerprint,
        stepsDone,
        snippets,
        recentAccuracy.stream().mapToDouble(Double::doubleValue).toArray(),
        lifetimes.window(),
        theta.flat().dup(),
        adam.firstMoment(),
        adam.secondMoment(),
        adam.stepCount(),
        life[0] == null ? null : life[0].dup(),
        life[1] == null ? null : life[1].dup(),
        life[2] == null ? null : life[2].dup());
  }

  /** Continues from a checkpoint of the same trial. */
  public void restore(TrainingCheckpoint c) {
    theta.flat().assign(c.parameters());
    adam.restore(c.adamFirst(), c.adamSecond(), c.adamSteps());
    lifetimes.restore(
        c.windowsDone(), new INDArray[] {c.activations(), c.synapses(), c.birthNoise()});
    stepsDone = c.stepsDone();
    snippets = c.snippets();
    recentAccuracy.clear();
    for (double a : c.recentAccuracy()) {
      recentAccuracy.addLast(a);
    }
  }
}
