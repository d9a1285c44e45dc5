package org.engram.train;

import java.util.SplittableRandom;
import org.engram.eval.NetworkSize;
import org.engram.model.EngramNetwork;
import org.engram.model.MetaParameters;
import org.engram.model.TrainedRule;
import org.engram.model.WindowInput;
import org.engram.model.WindowPass;
import org.engram.spec.NetworkSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.TaskSpec;
import org.engram.task.LifetimeSchedule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The engram network of MODEL.md sections 2 to 4 as a {@link WindowModel}. */
public final class EngramModel implements WindowModel {
  private final EngramNetwork network;

  public EngramModel(EngramNetwork network) {
    this.network = network;
  }

  /** The wrapped network. */
  public EngramNetwork network() {
    return network;
  }

  @Override
  public NetworkType type() {
    return network.spec().type();
  }

  @Override
  public DataType dtype() {
    return network.dtype();
  }

  /** MODEL.md section 3 initialisation (see {@link MetaParameters#initialize}). */
  @Override
  public MetaParameters initialParameters(long seed) {
    NetworkSpec net = network.spec();
    return MetaParameters.initialize(
        network.layout(),
        network.dtype(),
        net.gateBias(),
        net.hebbianLambda(),
        net.hebbianEta(),
        new SplittableRandom(seed));
  }

  @Override
  public boolean trainable() {
    return true;
  }

  @Override
  public LifetimeBatch lifetimes(LifetimeSchedule schedule, long seed) {
    return new Batch(new Lifetimes(network, schedule, seed));
  }

  @Override
  public NetworkSize size() {
    return NetworkSize.of(network.structure(), network.spec());
  }

  @Override
  public String ruleJson(MetaParameters theta, TaskSpec task, int recallSteps, String codeVersion) {
    return TrainedRule.of(network, theta, task, recallSteps, codeVersion).toJson();
  }

  private record Outcome(WindowPass pass) implements WindowOutcome {
    @Override
    public double loss() {
      return pass.loss();
    }

    @Override
    public INDArray scoredLogits() {
      return pass.scoredLogits();
    }
  }

  /** {@link Lifetimes} (activations, synapses, birth noise) driving the network. */
  private final class Batch implements LifetimeBatch {
    private final Lifetimes lifetimes;

    Batch(Lifetimes lifetimes) {
      this.lifetimes = lifetimes;
    }

    @Override
    public WindowOutcome forward(MetaParameters theta, WindowInput window, boolean keepTape) {
      return new Outcome(network.forward(theta, lifetimes.start(), window, keepTape));
    }

    @Override
    public MetaParameters backward(MetaParameters theta, WindowOutcome outcome) {
      return network.backward(theta, ((Outcome) outcome).pass());
    }

    @Override
    public MetaParameters backward(
        MetaParameters theta, WindowOutcome outcome, MetaParameters grads) {
      return network.backward(theta, ((Outcome) outcome).pass(), grads);
    }

    @Override
    public void end(WindowOutcome outcome) {
      lifetimes.end(((Outcome) outcome).pass());
    }

    @Override
    public int window() {
      return lifetimes.window();
    }

    @Override
    public INDArray[] snapshot() {
      return lifetimes.snapshot();
    }

    @Override
    public void restore(int windowsDone, INDArray[] state) {
      lifetimes.restore(windowsDone, state[0], state[1], state[2]);
    }
  }
}
