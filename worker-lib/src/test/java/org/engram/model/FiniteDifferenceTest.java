package org.engram.model;

import static org.engram.model.Close.assertClose;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.engram.spec.NetworkType;
import org.engram.spec.Topology;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The hand-written backward pass against central finite differences of the window loss, in float64,
 * on random small networks of every network type and topology, from a birth state and from a
 * carried state (where the gradient must stop at the window boundary: only born lifetimes reach
 * w0).
 */
class FiniteDifferenceTest {
  private static final double H = 1e-6;

  @TestFactory
  Stream<DynamicTest> gradientMatchesFiniteDifferences() {
    List<DynamicTest> tests = new ArrayList<>();
    long seed = 11;
    for (NetworkType type : NetworkType.values()) {
      if (type.isBaseline()) {
        continue; // BaselineGradientTest checks the baselines' backward passes
      }
      for (Topology topology : Topology.values()) {
        // Every type on dense; the other topologies on the full model (their masks differ, the
        // rules do not).
        if (topology != Topology.DENSE && type != NetworkType.PLASTIC) {
          continue;
        }
        for (boolean carried : new boolean[] {false, true}) {
          long s = seed++;
          String name = type.label() + "/" + topology.label() + (carried ? "/carried" : "/birth");
          tests.add(DynamicTest.dynamicTest(name, () -> check(type, topology, carried, s)));
        }
      }
    }
    return tests.stream();
  }

  private static void check(NetworkType type, Topology topology, boolean carried, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    EngramNetwork net = RandomNetworks.network(type, topology, DataType.DOUBLE, seed);
    MetaParameters theta = RandomNetworks.params(net, rng);
    WindowStart start = RandomNetworks.start(net, 2, carried, rng);
    WindowInput input = RandomNetworks.window(net, 2, 6, rng);
    MetaParameters grads = net.backward(theta, net.forward(theta, start, input, true));

    INDArray flat = theta.flat();
    INDArray g = grads.flat();
    for (long i : sampledEntries(theta, rng)) {
      double x = flat.getDouble(i);
      flat.putScalar(i, x + H);
      double up = net.forward(theta, start, input, false).loss();
      flat.putScalar(i, x - H);
      double down = net.forward(theta, start, input, false).loss();
      flat.putScalar(i, x);
      double numeric = (up - down) / (2 * H);
      assertClose(
          type.label() + " d loss / d theta",
          "[" + name(theta, i) + "]",
          numeric,
          g.getDouble(i),
          1e-5,
          1e-8);
    }
  }

  /**
   * Up to four entries of every named parameter (all of the small ones), so that each parameter's
   * gradient is checked while the test stays fast.
   */
  private static long[] sampledEntries(MetaParameters theta, SplittableRandom rng) {
    List<Long> picked = new ArrayList<>();
    for (String n : theta.layout().names()) {
      long off = theta.layout().offset(n);
      long size = ParameterLayout.count(theta.layout().shape(n));
      if (size <= 4) {
        for (long k = 0; k < size; k++) {
          picked.add(off + k);
        }
      } else {
        rng.longs(4, 0, size).forEach(k -> picked.add(off + k));
      }
    }
    return picked.stream().mapToLong(Long::longValue).toArray();
  }

  /** The parameter name and offset of flat entry i, for messages. */
  private static String name(MetaParameters theta, long i) {
    for (String n : theta.layout().names()) {
      long off = theta.layout().offset(n);
      long size = ParameterLayout.count(theta.layout().shape(n));
      if (i >= off && i < off + size) {
        return n + " + " + (i - off);
      }
    }
    return Long.toString(i);
  }
}
