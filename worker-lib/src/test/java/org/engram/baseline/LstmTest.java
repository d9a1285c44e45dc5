package org.engram.baseline;

import static org.engram.model.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.engram.model.MetaParameters;
import org.engram.model.NetworkStructure;
import org.engram.spec.NetworkSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.engram.task.SampledWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LstmTest {
  private static final double H = 1e-6;

  @ParameterizedTest(name = "carried={0}")
  @ValueSource(booleans = {false, true})
  void gradientMatchesCentralFiniteDifferences(boolean carried) {
    TaskSpec task = Fixtures.task(TaskKind.AUTOASSOC, 3, 3, 2, 1, 1);
    SplittableRandom rng = new SplittableRandom(carried ? 3 : 4);
    SampledWindow w = Fixtures.window(task, 2, DataType.DOUBLE, rng.nextLong());
    Lstm lstm = new Lstm(NetworkType.LSTM, 8, 3, 3, DataType.DOUBLE);
    MetaParameters theta = lstm.initialize(rng);
    theta.flat().addi(Fixtures.gaussian(rng, 0.3, theta.flat().length()));
    BaselineState start =
        carried
            ? new BaselineState(
                Fixtures.gaussian(rng, 0.5, 2, 3), Fixtures.gaussian(rng, 0.5, 2, 3))
            : new BaselineState(Fixtures.gaussian(rng, 0, 2, 3), Fixtures.gaussian(rng, 0, 2, 3));
    MetaParameters grads = lstm.backward(theta, lstm.forward(theta, start, w.input(), true));
    for (String name : theta.layout().names()) {
      INDArray p = theta.get(name);
      INDArray g = grads.get(name);
      for (int n = 0; n < 6; n++) {
        long i = rng.nextLong(p.length());
        double v = p.getDouble(i);
        p.putScalar(i, v + H);
        double up = lstm.forward(theta, start, w.input(), false).loss();
        p.putScalar(i, v - H);
        double down = lstm.forward(theta, start, w.input(), false).loss();
        p.putScalar(i, v);
        assertClose(
            "d loss / d " + name, "[" + i + "]", (up - down) / (2 * H), g.getDouble(i), 1e-5, 1e-9);
      }
    }
  }

  @Test
  void parameterCountIsTheNearestToThePlasticTheta() {
    NetworkSpec net = NetworkSpec.defaults().withType(NetworkType.LSTM);
    TaskSpec task = TaskSpec.defaults();
    NetworkStructure plastic = NetworkStructure.build(net.withType(NetworkType.PLASTIC), task, 1);
    long target = Baselines.plasticParameterCount(net, plastic);
    BaselineModel model = Baselines.model(net, task, 2, plastic, DataType.FLOAT);
    int h = model.sizes().get("lstm.hidden");
    long count = model.network().layout().totalSize();
    assertEquals(Lstm.parameterCount(18, h, 8), count);
    assertTrue(Math.abs(count - target) <= Math.abs(Lstm.parameterCount(18, h - 1, 8) - target));
    assertTrue(Math.abs(count - target) <= Math.abs(Lstm.parameterCount(18, h + 1, 8) - target));
    assertTrue(Math.abs(count - target) < 0.05 * target, count + " vs " + target);
  }

  @Test
  void stateCountMatchesThePlasticStateUpToTheCap() {
    NetworkSpec net =
        NetworkSpec.defaults()
            .withType(NetworkType.LSTM_STATE)
            .withHidden(4, 1)
            .withSizes(4, 2, 2, 8, 8);
    TaskSpec task = TaskSpec.defaults().withKind(TaskKind.AUTOASSOC, 4, 4);
    NetworkStructure plastic = NetworkStructure.build(net.withType(NetworkType.PLASTIC), task, 1);
    long state = Baselines.plasticStateCount(net, plastic);
    // N = 4 + 2 + 4 + 4 = 14 neurons, dense: 8 receiving rows of 13 synapses.
    assertEquals(14 * 4 + 8 * 13 * 2, state);
    BaselineModel model = Baselines.model(net, task, 2, plastic, DataType.FLOAT);
    assertEquals((int) (state / 2), model.sizes().get("lstm.hidden").intValue());
    assertEquals(Baselines.MAX_STATE_MATCHED_HIDDEN, Baselines.stateMatchedHidden(1L << 20));
  }
}
