package org.engram.model;

import static org.engram.model.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.engram.golden.GoldenFile;
import org.engram.spec.NetworkSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.Topology;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The network against the PyTorch reference's golden vectors, one dynamic test per {@code *.json}
 * in {@code engram.golden.dir}: in float64, the logits at every step, the states after the first
 * step and at the end, the loss and every gradient. Shapes, types, topology and settings all come
 * from the file.
 */
class GoldenVectorsTest {
  static final double REL = 1e-6;
  static final double ABS = 1e-9;

  @TestFactory
  Stream<DynamicTest> everyGoldenFileMatches() {
    List<Path> files = GoldenFile.list(GoldenFile.defaultDir());
    assertFalse(files.isEmpty(), "no golden files in " + GoldenFile.defaultDir().toAbsolutePath());
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(), () -> check(GoldenFile.read(f))));
  }

  /** The same with the synapse kernel's rows split between threads ({@link ParallelLaneKernel}). */
  @TestFactory
  Stream<DynamicTest> everyGoldenFileMatchesWithThreeKernelThreads() {
    return GoldenFile.list(GoldenFile.defaultDir()).stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(),
                    () -> {
                      int before = KernelThreads.get();
                      KernelThreads.set(3);
                      try {
                        check(GoldenFile.read(f));
                      } finally {
                        KernelThreads.set(before);
                      }
                    }));
  }

  /** The network spec a golden file describes. */
  static NetworkSpec networkSpec(GoldenFile g) {
    return new NetworkSpec(
        NetworkType.fromLabel(g.stringConfig("net_type")),
        Topology.fromLabel(g.stringConfig("topology")),
        g.doubleConfig("density"),
        g.intConfig("H"),
        g.intConfig("hidden_types"),
        g.intConfig("A"),
        g.intConfig("S"),
        g.intConfig("E"),
        g.intConfig("Ha"),
        g.intConfig("Hs"),
        g.doubleConfig("sigma_w"),
        g.doubleConfig("gate_bias"),
        0.01,
        0.1);
  }

  static EngramNetwork network(GoldenFile g) {
    NetworkSpec spec = networkSpec(g);
    NetworkStructure structure =
        NetworkStructure.withMask(spec, g.structure().d(), g.structure().dOut(), g.structure().c());
    return new EngramNetwork(structure, spec, DataType.DOUBLE);
  }

  static MetaParameters params(GoldenFile g, EngramNetwork net) {
    MetaParameters theta = MetaParameters.zeros(net.layout(), DataType.DOUBLE);
    assertEquals(
        net.layout().names(), List.copyOf(g.params().keySet()), g.name() + ": parameter names");
    for (Map.Entry<String, INDArray> p : g.params().entrySet()) {
      assertArrayEquals(
          p.getValue().shape(),
          net.layout().shape(p.getKey()),
          g.name() + ": shape of " + p.getKey());
      theta.get(p.getKey()).assign(p.getValue());
    }
    return theta;
  }

  /** The receiving rows {@code [B, R, N, S]} of a {@code [B, N, N, S]} golden synapse array. */
  static INDArray receivingRows(INDArray w, int inputs) {
    return w.get(
            NDArrayIndex.all(),
            NDArrayIndex.interval(inputs, w.size(1)),
            NDArrayIndex.all(),
            NDArrayIndex.all())
        .dup('c');
  }

  /**
   * A {@code [B, N, N, S]} array from receiving rows, zero in the rows of input and control
   * neurons.
   */
  static INDArray allRows(INDArray wR, int inputs) {
    long b = wR.size(0);
    return Nd4j.concat(1, Nd4j.zeros(wR.dataType(), b, inputs, wR.size(2), wR.size(3)), wR);
  }

  static WindowStart start(GoldenFile g, NetworkStructure s) {
    int batch = g.batch();
    boolean birth = g.init().isBirth();
    boolean[] born = new boolean[batch];
    java.util.Arrays.fill(born, birth);
    long n = s.neuronCount();
    INDArray a = g.init().a().orElse(Nd4j.zeros(DataType.DOUBLE, batch, n, g.intConfig("A")));
    INDArray w = g.init().w().map(x -> receivingRows(x, s.inputCount())).orElse(null);
    INDArray eps =
        g.init()
            .eps()
            .map(x -> receivingRows(x, s.inputCount()))
            .orElseGet(() -> Nd4j.zeros(DataType.DOUBLE, batch, s.receivingCount(), n, w.size(3)));
    return new WindowStart(a, w, eps, born);
  }

  static WindowInput input(GoldenFile g) {
    return new WindowInput(
        g.inputs().x(), g.inputs().scoreSteps(), g.inputs().targets(), g.inputs().hidden());
  }

  private static void check(GoldenFile g) {
    EngramNetwork net = network(g);
    NetworkStructure s = net.structure();
    String f = g.name() + ": ";
    assertArrayEquals(
        g.structure().fanIn(),
        java.util.stream.IntStream.range(0, s.neuronCount()).map(s::fanIn).toArray(),
        f + "fan_in");
    assertArrayEquals(
        g.structure().neuronTypes(),
        java.util.stream.IntStream.range(0, s.neuronCount()).map(s::type).toArray(),
        f + "neuron_types");
    assertEquals(g.structure().nSynapses(), s.synapseCount(), f + "n_synapses");
    MetaParameters theta = params(g, net);
    WindowPass pass = net.forward(theta, start(g, s), input(g), true);

    assertClose(f + "logits_all", g.expected().logitsAll(), pass.logits(), REL, ABS);
    assertClose(f + "logits_scored", g.expected().logitsScored(), pass.scoredLogits(), REL, ABS);
    assertClose(f + "loss", "", g.expected().loss(), pass.loss(), REL, ABS);
    g.expected()
        .aAfterStep1()
        .ifPresent(e -> assertClose(f + "a_after_step1", e, pass.firstActivations(), REL, ABS));
    g.expected()
        .aFinal()
        .ifPresent(e -> assertClose(f + "a_final", e, pass.finalActivations(), REL, ABS));
    g.expected()
        .wAfterStep1()
        .ifPresent(
            e ->
                assertClose(
                    f + "w_after_step1",
                    e,
                    allRows(pass.firstSynapses(), s.inputCount()),
                    REL,
                    ABS));
    g.expected()
        .wFinal()
        .ifPresent(
            e ->
                assertClose(
                    f + "w_final", e, allRows(pass.finalSynapses(), s.inputCount()), REL, ABS));

    MetaParameters grads = net.backward(theta, pass);
    for (Map.Entry<String, INDArray> e : g.expected().grads().entrySet()) {
      assertClose(f + "grads." + e.getKey(), e.getValue(), grads.get(e.getKey()), REL, ABS);
    }
    assertClose(f + "grad_norm", "", g.expected().gradNorm(), grads.norm2(), REL, ABS);

    // A trainer's reused buffer: what it held is overwritten, not added to.
    MetaParameters used = theta.zerosLike();
    used.flat().assign(3.5);
    WindowPass again = net.forward(theta, start(g, s), input(g), true);
    assertSame(used, net.backward(theta, again, used));
    assertArrayEquals(grads.values(), used.values(), f + "grads into a used buffer");
  }
}
