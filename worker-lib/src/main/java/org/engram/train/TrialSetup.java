package org.engram.train;

import java.util.SplittableRandom;
import org.engram.model.EngramNetwork;
import org.engram.model.MetaParameters;
import org.engram.model.NetworkStructure;
import org.engram.runtime.Seeds;
import org.engram.spec.NetworkSpec;
import org.engram.spec.Precision;
import org.engram.spec.TrialSpec;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a trial builds before training: the structure (a sparse mask drawn from the trial's "mask"
 * sub-seed), the resolved {@code task.recallSteps}, the network in the trial's precision, and theta
 * initialised from the "init" sub-seed.
 *
 * @param network the network
 * @param theta the initial meta-parameters
 * @param recallSteps {@code task.recallSteps} with {@code auto} resolved (MODEL.md section 10.1)
 */
public record TrialSetup(EngramNetwork network, MetaParameters theta, int recallSteps) {

  /**
   * Builds a trial's network and initial theta.
   *
   * @throws IllegalArgumentException if the settings cannot make a working network (e.g. {@code
   *     task.recallSteps} below the topology's minimum, an output no input reaches)
   */
  public static TrialSetup of(TrialSpec spec) {
    NetworkSpec net = spec.network();
    NetworkStructure structure =
        NetworkStructure.build(net, spec.task(), Seeds.derive(spec.seed(), "mask"));
    int recallSteps = structure.resolveRecallSteps(spec.task().recallSteps());
    DataType dtype = spec.train().dtype() == Precision.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
    EngramNetwork network = new EngramNetwork(structure, net, dtype);
    MetaParameters theta =
        MetaParameters.initialize(
            network.layout(),
            dtype,
            net.gateBias(),
            net.hebbianLambda(),
            net.hebbianEta(),
            new SplittableRandom(Seeds.derive(spec.seed(), "init")));
    return new TrialSetup(network, theta, recallSteps);
  }

  /** A meta-trainer of this setup's network and theta. */
  public MetaTrainer trainer(TrialSpec spec) {
    return new MetaTrainer(network, theta, spec.task(), recallSteps, spec.train(), spec.seed());
  }
}
