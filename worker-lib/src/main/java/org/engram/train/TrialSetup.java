package org.engram.train;

import org.engram.baseline.Baselines;
import org.engram.model.EngramNetwork;
import org.engram.model.MetaParameters;
import org.engram.model.NetworkStructure;
import org.engram.runtime.Seeds;
import org.engram.spec.NetworkSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.Precision;
import org.engram.spec.TrialSpec;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a trial builds before training: the structure (a sparse mask drawn from the trial's "mask"
 * sub-seed), the resolved {@code task.recallSteps}, the model in the trial's precision (the engram
 * network, or a baseline of MODEL.md section 4), and theta initialised from the "init" sub-seed.
 *
 * <p>A baseline sees the windows the plastic network of the same spec would see: {@code auto}
 * recall steps are resolved on the plastic network's structure, which also gives the sizes the
 * {@code lstm} rows are matched to.
 *
 * @param model the network the trainer and evaluator drive
 * @param theta the initial meta-parameters (empty for {@code hopfield})
 * @param recallSteps {@code task.recallSteps} with {@code auto} resolved (MODEL.md section 10.1)
 */
public record TrialSetup(WindowModel model, MetaParameters theta, int recallSteps) {

  /**
   * Builds a trial's model and initial theta.
   *
   * @throws IllegalArgumentException if the settings cannot make a working network (e.g. {@code
   *     task.recallSteps} below the topology's minimum, an output no input reaches, a baseline on a
   *     task kind it cannot do)
   */
  public static TrialSetup of(TrialSpec spec) {
    NetworkSpec net = spec.network();
    boolean baseline = net.type().isBaseline();
    NetworkSpec structural = baseline ? net.withType(NetworkType.PLASTIC) : net;
    NetworkStructure structure =
        NetworkStructure.build(structural, spec.task(), Seeds.derive(spec.seed(), "mask"));
    int recallSteps = structure.resolveRecallSteps(spec.task().recallSteps());
    DataType dtype = spec.train().dtype() == Precision.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
    WindowModel model =
        baseline
            ? Baselines.model(net, spec.task(), recallSteps, structure, dtype)
            : new EngramModel(new EngramNetwork(structure, net, dtype));
    MetaParameters theta = model.initialParameters(Seeds.derive(spec.seed(), "init"));
    return new TrialSetup(model, theta, recallSteps);
  }

  /**
   * The engram network of this setup.
   *
   * @throws IllegalStateException if the trial runs a baseline
   */
  public EngramNetwork network() {
    if (model instanceof EngramModel engram) {
      return engram.network();
    }
    throw new IllegalStateException(
        "network type " + model.type().label() + " is a baseline, not an engram network");
  }

  /** A meta-trainer of this setup's model and theta. */
  public MetaTrainer trainer(TrialSpec spec) {
    return new MetaTrainer(model, theta, spec.task(), recallSteps, spec.train(), spec.seed());
  }
}
