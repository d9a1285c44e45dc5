package org.engram.train;

import java.util.SplittableRandom;
import org.engram.model.EngramNetwork;
import org.engram.model.NetworkStructure;
import org.engram.model.WindowPass;
import org.engram.model.WindowStart;
import org.engram.runtime.Seeds;
import org.engram.task.LifetimeSchedule;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * B lifetimes sharing theta (MODEL.md section 5): the state is carried from one window to the next
 * as a constant (the gradient is stopped there), and each lifetime is born again by its schedule,
 * with fresh birth noise. The birth noise of lifetime b born at window w comes from its own
 * sub-seed, so a run restored from a checkpoint draws exactly what an uninterrupted one would.
 */
public final class Lifetimes {
  private final EngramNetwork network;
  private final LifetimeSchedule schedule;
  private final long seed;
  private INDArray activations;
  private INDArray synapses;
  private INDArray birthNoise;
  private int window;

  public Lifetimes(EngramNetwork network, LifetimeSchedule schedule, long seed) {
    this.network = network;
    this.schedule = schedule;
    this.seed = seed;
    NetworkStructure s = network.structure();
    int b = schedule.lifetimes();
    this.activations =
        Nd4j.zeros(network.dtype(), b, s.neuronCount(), network.spec().activationSize());
    this.birthNoise =
        Nd4j.zeros(network.dtype(), b, s.receivingCount(), s.neuronCount(), network.synapseSize());
  }

  /** The start of the current window, drawing fresh birth noise for the lifetimes born now. */
  public WindowStart start() {
    boolean[] born = schedule.bornAt(window);
    for (int b = 0; b < born.length; b++) {
      if (born[b]) {
        birthNoise.slice(b).assign(noise(b));
      }
    }
    return new WindowStart(activations, synapses, birthNoise, born);
  }

  /** Keeps the window's end state for the next window and advances. */
  public void end(WindowPass pass) {
    // The end state outlives the window's workspace.
    activations = pass.finalActivations().detach();
    synapses = pass.finalSynapses().detach();
    window++;
  }

  /** Windows completed. */
  public int window() {
    return window;
  }

  private INDArray noise(int lifetime) {
    NetworkStructure s = network.structure();
    long n = s.neuronCount();
    long r = s.receivingCount();
    int depth = network.synapseSize();
    SplittableRandom rng =
        new SplittableRandom(Seeds.derive(seed, "birth-noise/" + lifetime, window));
    double[] v = new double[(int) (r * n * depth)];
    int k = 0;
    for (int row = 0; row < r; row++) {
      for (int j = 0; j < n; j++) {
        boolean connected = s.connected(s.inputCount() + row, j);
        for (int d = 0; d < depth; d++) {
          v[k++] = connected ? rng.nextGaussian() : 0.0;
        }
      }
    }
    return Nd4j.create(v, new long[] {r, n, depth}, network.dtype());
  }

  /** The carried state, for checkpoints: activations, synapses (may be null), birth noise. */
  INDArray[] snapshot() {
    return new INDArray[] {activations, synapses, birthNoise};
  }

  void restore(int windowsDone, INDArray act, INDArray syn, INDArray noise) {
    this.window = windowsDone;
    this.activations = act.castTo(network.dtype());
    this.synapses = syn == null ? null : syn.castTo(network.dtype());
    this.birthNoise = noise.castTo(network.dtype());
  }
}
