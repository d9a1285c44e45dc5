package org.engram.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.engram.spec.NetworkSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.engram.spec.Topology;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small random networks, states and windows for property tests of the network. */
final class RandomNetworks {
  private RandomNetworks() {}

  static final int D = 3;

  static NetworkSpec spec(NetworkType type, Topology topology) {
    return new NetworkSpec(type, topology, 0.6, 3, 2, 3, 2, 2, 4, 4, 0.1, -2.0, 0.01, 0.1);
  }

  static EngramNetwork network(NetworkType type, Topology topology, DataType dtype, long seed) {
    NetworkSpec spec = spec(type, topology);
    TaskSpec task = TaskSpec.defaults().withKind(TaskKind.AUTOASSOC, D, D);
    return new EngramNetwork(NetworkStructure.build(spec, task, seed), spec, dtype);
  }

  /** Default initialisation plus N(0, 0.3) noise, so that no entry is special. */
  static MetaParameters params(EngramNetwork net, SplittableRandom rng) {
    NetworkSpec s = net.spec();
    MetaParameters theta =
        MetaParameters.initialize(
            net.layout(), net.dtype(), s.gateBias(), s.hebbianLambda(), s.hebbianEta(), rng);
    INDArray noise = gaussian(rng, 0.3, net.dtype(), theta.flat().length());
    theta.flat().addi(noise);
    return theta;
  }

  static INDArray gaussian(SplittableRandom rng, double sigma, DataType dtype, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian() * sigma;
    }
    return Nd4j.create(v, shape, dtype);
  }

  /** A start state: born lifetimes, or carried (random activations and masked synapses). */
  static WindowStart start(EngramNetwork net, int batch, boolean carried, SplittableRandom rng) {
    NetworkStructure st = net.structure();
    long n = st.neuronCount();
    long r = st.receivingCount();
    int a = net.spec().activationSize();
    int s = net.synapseSize();
    INDArray eps = masked(st, gaussian(rng, 1.0, net.dtype(), batch, r, n, s));
    boolean[] born = new boolean[batch];
    Arrays.fill(born, !carried);
    if (carried) {
      born[0] = true; // a batch mixes a newborn with carried lifetimes, as in training
    }
    INDArray act = gaussian(rng, 0.5, net.dtype(), batch, n, a);
    INDArray syn = carried ? masked(st, gaussian(rng, 0.5, net.dtype(), batch, r, n, s)) : null;
    return new WindowStart(act, syn, eps, born);
  }

  static INDArray masked(NetworkStructure st, INDArray w) {
    for (int b = 0; b < w.size(0); b++) {
      for (int row = 0; row < st.receivingCount(); row++) {
        for (int j = 0; j < st.neuronCount(); j++) {
          if (!st.connected(st.inputCount() + row, j)) {
            for (int k = 0; k < w.size(3); k++) {
              w.putScalar(new long[] {b, row, j, k}, 0.0);
            }
          }
        }
      }
    }
    return w;
  }

  /** A window of random inputs in {-1, 0, 1} with some scored steps and random target bits. */
  static WindowInput window(EngramNetwork net, int batch, int steps, SplittableRandom rng) {
    NetworkStructure st = net.structure();
    double[] x = new double[steps * batch * st.channelCount()];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextInt(3) - 1;
    }
    int[] scored = {1, steps / 2, steps - 1};
    double[] targets = new double[scored.length * batch * st.outputSize()];
    double[] hidden = new double[targets.length];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = rng.nextInt(2);
      hidden[i] = rng.nextInt(2);
    }
    long[] shape = {scored.length, batch, st.outputSize()};
    return new WindowInput(
        Nd4j.create(x, new long[] {steps, batch, st.channelCount()}, net.dtype()),
        scored,
        Nd4j.create(targets, shape, net.dtype()),
        Nd4j.create(hidden, shape, net.dtype()));
  }
}
