package org.engram.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.engram.spec.NetworkType;
import org.engram.spec.Topology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A window whose steps are split between threads (the synapse kernel's rows, the neuron parts of
 * the synapse rule, the activation rule's lanes) computes what one thread computes: every row and
 * lane is computed by one thread as it would be alone, so the logits, activations and synapses are
 * equal to the last bit; the meta-gradients, sums over rows and lanes, are added range by range and
 * differ only by rounding.
 */
class SplitWindowTest {
  private static final int BATCH = 16;
  private static final int STEPS = 6;

  @ParameterizedTest(name = "{0}, {1} threads")
  @CsvSource({"FLOAT, 2", "FLOAT, 3", "DOUBLE, 2", "DOUBLE, 3"})
  void aWindowSplitBetweenThreadsComputesWhatOneThreadComputes(DataType dtype, int threads) {
    EngramNetwork net = RandomNetworks.network(NetworkType.PLASTIC, Topology.DENSE, dtype, 7);
    MetaParameters theta = RandomNetworks.params(net, new SplittableRandom(3));
    NetworkStructure st = net.structure();
    // Sizes at which each part is split, so that the comparison is not between two single threads.
    assertTrue(
        BATCH * st.receivingCount() >= LearnedSynapses.MIN_ROWS_PER_RANGE * threads,
        "rows of the neuron parts: " + BATCH * st.receivingCount());
    int lanes = BATCH * st.neuronCount();
    assertTrue(
        dtype != DataType.FLOAT
            || VectorActivationRule.laneRanges(lanes / 16 * 16 + 16, threads).length == threads,
        "lanes of the activation rule: " + lanes);

    Outcome one = run(net, theta, 1);
    Outcome split = run(net, theta, threads);
    assertEquals(one.pass().logits(), split.pass().logits(), "logits");
    assertEquals(
        one.pass().finalActivations(), split.pass().finalActivations(), "final activations");
    assertEquals(one.pass().finalSynapses(), split.pass().finalSynapses(), "final synapses");
    double tol = dtype == DataType.FLOAT ? 1e-5 : 1e-12;
    for (String name : net.layout().names()) {
      INDArray want = one.grads().get(name);
      INDArray got = split.grads().get(name);
      double scale = Math.max(1e-3, want.norm2Number().doubleValue());
      double diff = want.sub(got).norm2Number().doubleValue();
      assertTrue(diff <= tol * scale, "d " + name + ": |difference| " + diff + " of " + scale);
    }
  }

  private record Outcome(WindowPass pass, MetaParameters grads) {}

  /** One window forward and back with {@code threads} kernel threads, from the same inputs. */
  private static Outcome run(EngramNetwork net, MetaParameters theta, int threads) {
    int before = KernelThreads.get();
    KernelThreads.set(threads);
    try {
      SplittableRandom rng = new SplittableRandom(11);
      WindowStart start = RandomNetworks.start(net, BATCH, true, rng);
      WindowInput input = RandomNetworks.window(net, BATCH, STEPS, rng);
      WindowPass pass = net.forward(theta, start, input, true);
      return new Outcome(pass, net.backward(theta, pass));
    } finally {
      KernelThreads.set(before);
    }
  }
}
