package org.engram.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.engram.spec.NetworkType;
import org.engram.spec.Topology;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float32 kernel runs the code the float64 golden and finite-difference tests check: {@link
 * DoubleLaneKernel} is {@link FloatLaneKernel} with the element type replaced (see {@link
 * LaneKernel}), and a float32 network agrees with a float64 one to float precision.
 */
class LaneKernelTwinsTest {
  private static final Path SOURCES = Path.of("src/main/java/org/engram/model");

  /** The code of a Java source without comments and whitespace (which formatting may move). */
  private static String code(String source) {
    return source
        .replaceAll("(?s)/\\*.*?\\*/", "")
        .replaceAll("//[^\\n]*", "")
        .replaceAll("\\s+", "");
  }

  @Test
  void doubleKernelIsTheFloatKernelWithDoubles() throws IOException {
    String floats = Files.readString(SOURCES.resolve("FloatLaneKernel.java"));
    String doubles = Files.readString(SOURCES.resolve("DoubleLaneKernel.java"));
    String expected = floats.replace("float", "double").replace("Float", "Double");
    assertEquals(
        code(expected),
        code(doubles),
        "DoubleLaneKernel.java must be FloatLaneKernel.java with float -> double; regenerate it:"
            + " sed \"s/float/double/g; s/Float/Double/g\" FloatLaneKernel.java >"
            + " DoubleLaneKernel.java");
  }

  @Test
  void tanhIsAccurateInBothPrecisions() {
    double worstFloat = 0;
    double worstDouble = 0;
    for (double x = -30; x <= 30; x += 1e-3) {
      double exact = Math.tanh(x);
      worstFloat = Math.max(worstFloat, Math.abs(Tanh.tanh((float) x) - Math.tanh((float) x)));
      worstDouble = Math.max(worstDouble, Math.abs(Tanh.tanh(x) - exact));
      double sigma = 1 / (1 + Math.exp(-x));
      assertEquals(sigma, Tanh.sigmoid(x), 1e-15, "sigmoid(" + x + ")");
    }
    assertTrue(worstFloat < 5e-7, "float tanh off by " + worstFloat);
    assertTrue(worstDouble < 2e-15, "double tanh off by " + worstDouble);
    for (double x = 1e-300; x < 1e-3; x *= 10) {
      assertEquals(Math.tanh(x), Tanh.tanh(x), 2e-15 * x, "tanh(" + x + ")");
    }
  }

  @Test
  void floatNetworkAgreesWithDoubleNetwork() {
    for (Topology topology : Topology.values()) {
      long seed = 3;
      EngramNetwork wide =
          RandomNetworks.network(NetworkType.PLASTIC, topology, DataType.DOUBLE, 9);
      EngramNetwork narrow =
          RandomNetworks.network(NetworkType.PLASTIC, topology, DataType.FLOAT, 9);
      SplittableRandom rng = new SplittableRandom(seed);
      MetaParameters theta = RandomNetworks.params(wide, rng);
      WindowStart start = RandomNetworks.start(wide, 3, true, rng);
      WindowInput input = RandomNetworks.window(wide, 3, 7, rng);
      WindowPass p64 = wide.forward(theta, start, input, true);
      WindowPass p32 =
          narrow.forward(
              theta.castTo(DataType.FLOAT),
              new WindowStart(
                  start.activations().castTo(DataType.FLOAT),
                  start.synapses().castTo(DataType.FLOAT),
                  start.birthNoise().castTo(DataType.FLOAT),
                  start.born()),
              input,
              true);
      assertEquals(p64.loss(), p32.loss(), 1e-5 * Math.abs(p64.loss()), topology + " loss");
      Close.assertClose(
          topology + " final w",
          p64.finalSynapses(),
          p32.finalSynapses().castTo(DataType.DOUBLE),
          1e-4,
          1e-5);
      INDArray g64 = wide.backward(theta, p64).flat();
      INDArray g32 = narrow.backward(theta.castTo(DataType.FLOAT), p32).flat();
      Close.assertClose(
          topology + " gradient",
          g64,
          g32.castTo(DataType.DOUBLE),
          1e-3,
          1e-5 * g64.norm2Number().doubleValue());
    }
  }
}
