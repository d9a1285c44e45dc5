package org.engram.model.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.engram.golden.GoldenFile;
import org.engram.model.samediff.SameDiffWindow.InitKind;
import org.engram.model.samediff.SameDiffWindow.InitState;
import org.engram.model.samediff.SameDiffWindow.NetType;
import org.engram.model.samediff.SameDiffWindow.Result;
import org.engram.model.samediff.SameDiffWindow.Sizes;
import org.engram.model.samediff.SameDiffWindow.Spec;
import org.engram.model.samediff.SameDiffWindow.Structure;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Recomputes every golden window (shared/reference/golden) with {@link SameDiffWindow} in float64
 * and compares loss, logits, final state and every gradient (relative error 1e-6, absolute floor
 * 1e-9).
 */
class SameDiffGoldenTest {
  private static final double REL = 1e-6;
  private static final double ABS = 1e-9;

  @TestFactory
  Stream<DynamicTest> everyGoldenFile() {
    return GoldenFile.list(GoldenFile.defaultDir()).stream()
        .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
  }

  /** The window of a golden file, as SameDiffWindow's inputs. */
  static Spec spec(GoldenFile g, DataType dtype) {
    GoldenFile.Structure s = g.structure();
    NetType type = NetType.of(g.netType());
    int sEff = (int) g.params().get("w0").length();
    Structure st =
        new Structure(
            s.d(),
            s.dIn(),
            s.neuronTypes(),
            s.typeCount(),
            s.channelOfNeuron(),
            s.outputNeurons(),
            s.c());
    Sizes sizes =
        new Sizes(g.intConfig("A"), sEff, g.intConfig("E"), g.intConfig("Ha"), g.intConfig("Hs"));
    return new Spec(
        type,
        st,
        sizes,
        g.doubleConfig("sigma_w"),
        g.batch(),
        g.steps(),
        g.inputs().scoreSteps(),
        g.init().isBirth() ? InitKind.BIRTH : InitKind.CARRIED,
        dtype);
  }

  static InitState init(GoldenFile g) {
    return new InitState(
        g.init().a().orElse(null), g.init().w().orElse(null), g.init().eps().orElse(null));
  }

  private static void check(Path path) {
    GoldenFile g = GoldenFile.read(path);
    SameDiffWindow win = SameDiffWindow.build(spec(g, DataType.DOUBLE), g.params());
    Result r = win.run(init(g), g.inputs().x(), g.inputs().targets());
    String f = g.name();
    close(f, "loss", new double[] {g.expected().loss()}, new double[] {r.loss()}, new long[] {1});
    close(f, "logits_all", g.expected().logitsAll(), r.logitsAll());
    close(f, "logits_scored", g.expected().logitsScored(), r.logitsScored());
    g.expected().aFinal().ifPresent(e -> close(f, "a_final", e, r.aFinal()));
    g.expected().wFinal().ifPresent(e -> close(f, "w_final", e, r.wFinal()));
    for (Map.Entry<String, INDArray> e : g.expected().grads().entrySet()) {
      INDArray got = r.grads().get(e.getKey());
      assertNotNull(got, f + ": no gradient for " + e.getKey());
      close(f, "grads." + e.getKey(), e.getValue(), got);
    }
  }

  private static void close(String file, String what, INDArray expected, INDArray actual) {
    assertArrayEquals(expected.shape(), actual.shape(), file + ": " + what + " shape");
    close(
        file,
        what,
        expected.castTo(DataType.DOUBLE).dup('c').data().asDouble(),
        actual.castTo(DataType.DOUBLE).dup('c').data().asDouble(),
        expected.shape());
  }

  private static void close(
      String file, String what, double[] expected, double[] actual, long[] shape) {
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]);
      if (!(err <= Math.max(ABS, REL * Math.abs(expected[i])))) {
        fail(
            String.format(
                "%s: %s%s expected %.17g, got %.17g (abs error %.3g)",
                file, what, Arrays.toString(index(i, shape)), expected[i], actual[i], err));
      }
    }
  }

  private static long[] index(long flat, long[] shape) {
    long[] idx = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    return idx;
  }
}
