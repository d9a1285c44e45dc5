package org.engram.baseline;

import static org.engram.model.Close.assertClose;

import java.util.SplittableRandom;
import org.engram.model.MetaParameters;
import org.engram.model.WindowInput;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.engram.task.SampledWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DeltaRuleTest {
  private static final double H = 1e-6;

  private static INDArray arr(double[] v, long... shape) {
    return Nd4j.create(v, shape, DataType.DOUBLE);
  }

  /**
   * D = Dout = 2, one snippet p = (1, -1) stored at step 0 (gap 0), cue (1, 0) shown at step 1 and
   * scored there. eta = 0.25, lambda = 0.1, gain = 2. Lifetime 0 starts from W = 0: W' = 0.25 p
   * p^T, logits 2 W' (1, 0) = (0.5, -0.5). Lifetime 1 carries W = 0.5 I: e = p - W p = (0.5, -0.5),
   * W' = 0.9 W + 0.25 e p^T = [[0.575, -0.125], [-0.125, 0.575]], logits (1.15, -0.25).
   */
  @Test
  void handComputedWindow() {
    TaskSpec task = new TaskSpec(TaskKind.AUTOASSOC, 2, 2, 3, 1, 1, 0, 1, 0, 0.5, 4);
    double[] x = new double[2 * 2 * 6];
    double[][] steps = {{1, -1, 1, 0, 1, -1}, {1, 0, 0, 1, 1, 0}};
    for (int t = 0; t < 2; t++) {
      for (int b = 0; b < 2; b++) {
        System.arraycopy(steps[t], 0, x, (t * 2 + b) * 6, 6);
      }
    }
    WindowInput in =
        new WindowInput(
            arr(x, 2, 2, 6),
            new int[] {1},
            arr(new double[] {1, 0, 1, 0}, 1, 2, 2),
            arr(new double[] {0, 1, 0, 1}, 1, 2, 2));
    DeltaRule rule = new DeltaRule(new WindowView(task, 1), 2, 2, 0.1, DataType.DOUBLE);
    MetaParameters theta = rule.initialize(new SplittableRandom(1));
    assertClose("initial eta = 1 / D", arr(new double[] {0.5}, 1), theta.get("eta"), 0, 0);
    theta.get("eta").assign(0.25);
    theta.get("gain").assign(2.0);
    INDArray w0 = arr(new double[] {0, 0, 0, 0, 0.5, 0, 0, 0.5}, 2, 2, 2);
    BaselinePass pass = rule.forward(theta, new BaselineState(w0, null), in, false);
    assertClose(
        "logits",
        arr(new double[] {0.5, -0.5, 1.15, -0.25}, 1, 2, 2),
        pass.scoredLogits(),
        1e-12,
        1e-12);
    assertClose(
        "end W",
        arr(new double[] {0.25, -0.25, -0.25, 0.25, 0.575, -0.125, -0.125, 0.575}, 2, 2, 2),
        pass.end().first(),
        1e-12,
        1e-12);
  }

  @ParameterizedTest(name = "{0} K={1} carried={2}")
  @CsvSource({"autoassoc,2,false", "autoassoc,3,true", "heteroassoc,2,false", "heteroassoc,2,true"})
  void gradientMatchesCentralFiniteDifferences(String kind, int k, boolean carried) {
    TaskSpec task = Fixtures.task(TaskKind.valueOf(kind.toUpperCase()), 4, 3, k, 2, 1);
    SplittableRandom rng = new SplittableRandom(k * 7 + (carried ? 1 : 0));
    SampledWindow w = Fixtures.window(task, 3, DataType.DOUBLE, rng.nextLong());
    int dOut = task.outputSize();
    DeltaRule rule = new DeltaRule(Fixtures.view(task), 4, dOut, 0.05, DataType.DOUBLE);
    MetaParameters theta = rule.initialize(rng);
    theta.get("eta").assign(0.2 + 0.1 * rng.nextDouble());
    theta.get("lam").assign(0.1 * rng.nextDouble());
    theta.get("gain").assign(1.5);
    INDArray w0 =
        carried ? Fixtures.gaussian(rng, 0.5, 3, dOut, 4) : Nd4j.zeros(DataType.DOUBLE, 3, dOut, 4);
    BaselineState start = new BaselineState(w0, null);
    MetaParameters grads = rule.backward(theta, rule.forward(theta, start, w.input(), true));
    for (String name : theta.layout().names()) {
      INDArray p = theta.get(name);
      double v = p.getDouble(0);
      p.putScalar(0, v + H);
      double up = rule.forward(theta, start, w.input(), false).loss();
      p.putScalar(0, v - H);
      double down = rule.forward(theta, start, w.input(), false).loss();
      p.putScalar(0, v);
      assertClose(
          "d loss / d " + name,
          "",
          (up - down) / (2 * H),
          grads.get(name).getDouble(0),
          1e-6,
          1e-9);
    }
  }
}
