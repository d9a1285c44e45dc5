package org.engram.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * MODEL.md section 2: entries of w where C = 0 are unused and stay exactly 0 through a window, for
 * every topology and network type, from birth and from a carried state.
 */
class MaskedSynapsesTest {

  @TestFactory
  Stream<DynamicTest> absentSynapsesStayExactlyZero() {
    List<DynamicTest> tests = new ArrayList<>();
    for (NetworkType type : NetworkType.values()) {
      if (type.isBaseline()) {
        continue; // baselines have no synapse mask (BaselineGradientTest checks them)
      }
      for (Topology topology : Topology.values()) {
        for (boolean carried : new boolean[] {false, true}) {
          tests.add(
              DynamicTest.dynamicTest(
                  type.label() + "/" + topology.label() + (carried ? "/carried" : "/birth"),
                  () -> check(type, topology, carried)));
        }
      }
    }
    return tests.stream();
  }

  private static void check(NetworkType type, Topology topology, boolean carried) {
    SplittableRandom rng = new SplittableRandom(7);
    EngramNetwork net = RandomNetworks.network(type, topology, DataType.FLOAT, 5);
    MetaParameters theta = RandomNetworks.params(net, rng);
    // A large w0 makes a leak through the mask visible at once.
    theta.get("w0").addi(3.0);
    WindowPass pass =
        net.forward(
            theta,
            RandomNetworks.start(net, 3, carried, rng),
            RandomNetworks.window(net, 3, 9, rng),
            false);
    NetworkStructure st = net.structure();
    int absent = 0;
    int present = 0;
    for (INDArray w : new INDArray[] {pass.firstSynapses(), pass.finalSynapses()}) {
      for (int b = 0; b < w.size(0); b++) {
        for (int row = 0; row < st.receivingCount(); row++) {
          for (int j = 0; j < st.neuronCount(); j++) {
            boolean connected = st.connected(st.inputCount() + row, j);
            for (int k = 0; k < w.size(3); k++) {
              double v = w.getDouble(b, row, j, k);
              if (connected) {
                present += v != 0.0 ? 1 : 0;
              } else {
                absent++;
                // == treats -0.0 as the exact zero it is (a negative value times the 0 of C).
                assertTrue(
                    v == 0.0,
                    "w["
                        + b
                        + "]["
                        + (st.inputCount() + row)
                        + "]["
                        + j
                        + "]["
                        + k
                        + "] has no synapse but is "
                        + v);
              }
            }
          }
        }
      }
    }
    assertTrue(present > 0, "the synapses that exist must carry state");
    if (topology != Topology.DENSE) {
      assertTrue(
          absent > (type == NetworkType.PLASTIC ? 0 : -1), "the mask must leave some slots empty");
    }
  }
}
