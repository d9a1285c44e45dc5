package org.engram.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Loads every golden file and checks that its arrays have mutually consistent shapes. */
class GoldenFileTest {

  @Test
  void directoryHoldsGoldenFiles() {
    List<Path> files = GoldenFile.list(GoldenFile.defaultDir());
    assertFalse(files.isEmpty(), "no *.json in " + GoldenFile.defaultDir().toAbsolutePath());
  }

  @TestFactory
  Stream<DynamicTest> everyFileIsConsistent() {
    return GoldenFile.list(GoldenFile.defaultDir()).stream()
        .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
  }

  private static void check(Path path) {
    GoldenFile g = GoldenFile.read(path);
    String f = g.name() + ": ";
    assertEquals("engram-golden-v2", g.format(), f + "format");
    GoldenFile.Structure s = g.structure();
    int d = g.intConfig("D");
    int h = g.intConfig("H");
    int a = g.intConfig("A");
    int e = g.intConfig("E");
    int k = g.intConfig("K");
    int batch = g.intConfig("B");
    String type = g.netType();
    int sEff = type.equals("hebbian") || type.equals("scalar-synapse") ? 1 : g.intConfig("S");
    assertEquals(d, s.d(), f + "structure.D");
    assertEquals(h, s.h(), f + "structure.H");
    assertEquals(s.d() + 2 + s.dOut() + s.h(), s.n(), f + "N = D + 2 + Dout + H");
    assertEquals(s.d() + 2 + s.dOut(), s.dIn(), f + "Din");
    assertEquals(s.n(), s.neuronTypes().length, f + "neuron_types");
    assertEquals(s.n(), s.channelOfNeuron().length, f + "channel_of_neuron");
    assertEquals(s.n(), s.fanIn().length, f + "fan_in");
    assertEquals(s.dOut(), s.outputNeurons().length, f + "output_neurons");
    assertEquals(s.h(), s.hiddenNeurons().length, f + "hidden_neurons");
    int synapses = 0;
    for (int i = 0; i < s.n(); i++) {
      int row = 0;
      for (int j = 0; j < s.n(); j++) {
        row += s.c()[i][j] ? 1 : 0;
      }
      synapses += row;
      assertEquals(Math.max(1, row), s.fanIn()[i], f + "fan_in[" + i + "]");
      assertFalse(s.c()[i][i], f + "self-synapse " + i);
      assertTrue(s.neuronTypes()[i] < s.typeCount(), f + "neuron_types[" + i + "]");
    }
    assertEquals(synapses, s.nSynapses(), f + "n_synapses");

    // Parameter shapes (golden README "params").
    Map<String, INDArray> p = g.params();
    shape(f, "e", p.get("e"), s.typeCount(), e);
    shape(f, "w0", p.get("w0"), sEff);
    shape(f, "M", p.get("M"), a, sEff * a);
    shape(f, "W1", p.get("W1"), g.intConfig("Ha"), 2 * a + 1 + e);
    shape(f, "r", p.get("r"), a);
    shape(f, "r0", p.get("r0"), 1);
    if (p.containsKey("U1")) {
      shape(f, "U1", p.get("U1"), g.intConfig("Hs"), sEff + 2 * a + 2 * e);
      shape(f, "U2", p.get("U2"), 2 * sEff, g.intConfig("Hs"));
    }
    for (INDArray v : p.values()) {
      assertEquals(DataType.DOUBLE, v.dataType(), f + "dtype");
      assertEquals('c', v.ordering(), f + "order");
    }
    assertEquals(p.keySet().stream().toList(), g.expected().grads().keySet().stream().toList());
    for (String name : p.keySet()) {
      assertArrayEquals(
          p.get(name).shape(), g.expected().grads().get(name).shape(), f + "grads." + name);
    }

    // Window (golden README "inputs").
    int steps = g.steps();
    shape(f, "x", g.inputs().x(), steps, batch, s.dIn());
    shape(f, "patterns", g.inputs().patterns(), k, batch, d);
    shape(f, "targets", g.inputs().targets(), k, batch, s.dOut());
    shape(f, "hidden", g.inputs().hidden(), k, batch, s.dOut());
    assertEquals(k, g.inputs().scoreSteps().length, f + "score_steps");
    assertEquals(steps, g.inputs().scored().length, f + "scored");
    assertEquals(k, g.inputs().recalled().length, f + "recalled");
    int window =
        k * (g.intConfig("present") + g.intConfig("gap"))
            + g.intConfig("delay")
            + k * g.intConfig("recall_steps");
    assertEquals(window, steps, f + "T");

    // Initial state and expected results.
    if (g.init().isBirth()) {
      shape(f, "eps", g.init().eps().orElseThrow(), batch, s.n(), s.n(), sEff);
    } else {
      assertEquals("carried", g.init().kind(), f + "init.kind");
      shape(f, "init.a", g.init().a().orElseThrow(), batch, s.n(), a);
      if (!type.equals("frozen-synapses")) {
        shape(f, "init.w", g.init().w().orElseThrow(), batch, s.n(), s.n(), sEff);
      }
    }
    shape(f, "logits_all", g.expected().logitsAll(), steps, batch, s.dOut());
    shape(f, "logits_scored", g.expected().logitsScored(), k, batch, s.dOut());
    g.expected().aFinal().ifPresent(x -> shape(f, "a_final", x, batch, s.n(), a));
    g.expected().wFinal().ifPresent(x -> shape(f, "w_final", x, batch, s.n(), s.n(), sEff));
    assertTrue(Double.isFinite(g.expected().loss()), f + "loss");
    assertTrue(g.expected().metrics().containsKey("bit_accuracy"), f + "metrics");
  }

  private static void shape(String f, String what, INDArray arr, long... expected) {
    assertArrayEquals(expected, arr.shape(), f + what + " shape");
  }
}
