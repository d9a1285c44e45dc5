package org.engram.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.engram.spec.NetworkType;
import org.engram.spec.Topology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link VectorActivationRule} (float32 steps with the Vector API) computes what the ND4J path of
 * {@link ActivationRule} computes in float64, which the golden and finite-difference tests check:
 * the next activations, the gradients of the step's inputs and of W1, b1, W2, b2, up to float32
 * rounding. The row counts are not whole vectors, so the padding lanes are exercised too.
 */
class VectorActivationRuleTest {

  @ParameterizedTest(name = "B = {0}, N = {1}")
  @CsvSource({"3, 7", "16, 66", "1, 1"})
  void matchesTheNd4jRuleInFloat64(int batch, int n) {
    SplittableRandom rng = new SplittableRandom(batch * 100L + n);
    EngramNetwork net =
        RandomNetworks.network(NetworkType.PLASTIC, Topology.DENSE, DataType.DOUBLE, 5);
    int a = net.spec().activationSize();
    int e = net.spec().embeddingSize();
    MetaParameters theta = RandomNetworks.params(net, rng);
    INDArray act = RandomNetworks.gaussian(rng, 0.7, DataType.DOUBLE, batch, n, a);
    INDArray msg = RandomNetworks.gaussian(rng, 0.7, DataType.DOUBLE, batch, n, a);
    INDArray channel = RandomNetworks.gaussian(rng, 1.0, DataType.DOUBLE, batch, n);
    INDArray emb = RandomNetworks.gaussian(rng, 0.5, DataType.DOUBLE, batch, n, e);
    INDArray dNext = RandomNetworks.gaussian(rng, 1.0, DataType.DOUBLE, batch, n, a);

    ActivationRule exact = new ActivationRule(a, false);
    ActivationRule.Step want = exact.forward(theta, act, msg, channel, emb);
    MetaParameters wantGrads = theta.zerosLike();
    Grads wantD = Grads.of(exact, theta, wantGrads, want.cache(), dNext);

    ActivationRule vector = new ActivationRule(a, true);
    MetaParameters theta32 = theta.castTo(DataType.FLOAT);
    ActivationRule.Step got = vector.forward(theta32, f32(act), f32(msg), f32(channel), f32(emb));
    assertInstanceOf(VectorActivationRule.LaneCache.class, got.cache());
    MetaParameters gotGrads = theta32.zerosLike();
    Grads gotD = Grads.of(vector, theta32, gotGrads, got.cache(), f32(dNext));

    close("next activations", want.next(), got.next(), 1e-5);
    close("d a", wantD.act(), gotD.act(), 1e-5);
    close("d h", wantD.msg(), gotD.msg(), 1e-5);
    close("d e", wantD.embedding(), gotD.embedding(), 1e-5);
    for (String p : new String[] {"W1", "b1", "W2", "b2"}) {
      INDArray g = wantGrads.get(p);
      assertTrue(g.norm2Number().doubleValue() > 0, p + "'s gradient is zero: nothing compared");
      // Sums over B * N rows: float32 rounding grows with their count.
      close("d " + p, g, gotGrads.get(p), 1e-5 * Math.sqrt(batch * n));
    }
  }

  @org.junit.jupiter.api.Test
  void reusedScratchGivesTheSameGradientsAsAFreshRule() {
    EngramNetwork net =
        RandomNetworks.network(NetworkType.PLASTIC, Topology.DENSE, DataType.FLOAT, 5);
    int a = net.spec().activationSize();
    int e = net.spec().embeddingSize();
    SplittableRandom rng = new SplittableRandom(11);
    MetaParameters theta = RandomNetworks.params(net, rng);
    ActivationRule shared = new ActivationRule(a, true);
    INDArray[] first = step(shared, theta, a, e, 3, 7, new SplittableRandom(1));
    INDArray[] again = step(shared, theta, a, e, 3, 7, new SplittableRandom(1)); // same scratch
    step(shared, theta, a, e, 1, 40, new SplittableRandom(2)); // other sizes in between
    step(shared, theta, a, e, 1, 30, new SplittableRandom(3)); // more rows, the same vectors
    INDArray[] third = step(shared, theta, a, e, 3, 7, new SplittableRandom(1));
    INDArray[] fresh =
        step(new ActivationRule(a, true), theta, a, e, 3, 7, new SplittableRandom(1));
    for (int i = 0; i < first.length; i++) {
      org.junit.jupiter.api.Assertions.assertEquals(fresh[i], first[i], "output " + i);
      org.junit.jupiter.api.Assertions.assertEquals(fresh[i], again[i], "output " + i + ", reused");
      org.junit.jupiter.api.Assertions.assertEquals(fresh[i], third[i], "output " + i + ", later");
    }
  }

  @ParameterizedTest(name = "vector steps {0}")
  @CsvSource({"true", "false"})
  void backwardOverwritesDaAndDhAndAddsToDe(boolean vectorSteps) {
    // The network keeps these arrays from step to step: whatever they held must not leak in.
    EngramNetwork net =
        RandomNetworks.network(NetworkType.PLASTIC, Topology.DENSE, DataType.FLOAT, 5);
    int a = net.spec().activationSize();
    int e = net.spec().embeddingSize();
    SplittableRandom rng = new SplittableRandom(5);
    MetaParameters theta = RandomNetworks.params(net, rng);
    ActivationRule rule = new ActivationRule(a, vectorSteps);
    Inputs in = Inputs.random(rng, a, e, 3, 7);
    ActivationRule.Step s = rule.forward(theta, in.act(), in.msg(), in.channel(), in.emb());
    Grads fresh = Grads.of(rule, theta, theta.zerosLike(), s.cache(), in.dNext());

    INDArray dAct = RandomNetworks.gaussian(rng, 9.0, DataType.FLOAT, 3, 7, a);
    INDArray dMsg = RandomNetworks.gaussian(rng, 9.0, DataType.FLOAT, 3, 7, a);
    INDArray dEmb = RandomNetworks.gaussian(rng, 1.0, DataType.FLOAT, 21, e);
    INDArray dEmbBefore = dEmb.dup();
    rule.backward(theta, theta.zerosLike(), s.cache(), in.dNext(), dAct, dMsg, dEmb);
    close("d a", fresh.act(), dAct, 0);
    close("d h", fresh.msg(), dMsg, 0);
    close("d e added", dEmbBefore.add(fresh.embedding()), dEmb, 1e-6);
  }

  @ParameterizedTest(name = "{0} threads, B = {1}, N = {2}")
  @CsvSource({"2, 16, 66", "3, 16, 66", "2, 3, 7", "4, 5, 13"})
  void aStepSplitBetweenThreadsComputesTheSameLanesAndGradientsUpToTheirSumsOrder(
      int threads, int batch, int n) {
    EngramNetwork net =
        RandomNetworks.network(NetworkType.PLASTIC, Topology.DENSE, DataType.FLOAT, 5);
    int a = net.spec().activationSize();
    int e = net.spec().embeddingSize();
    MetaParameters theta = RandomNetworks.params(net, new SplittableRandom(21));
    INDArray[] one =
        step(
            new ActivationRule(new VectorActivationRule(a, () -> 1)),
            theta,
            a,
            e,
            batch,
            n,
            new SplittableRandom(n));
    INDArray[] split =
        step(
            new ActivationRule(new VectorActivationRule(a, () -> threads)),
            theta,
            a,
            e,
            batch,
            n,
            new SplittableRandom(n));
    String[] lanes = {"d a", "d h", "d e"};
    for (int i = 0; i < lanes.length; i++) {
      assertEquals(one[i], split[i], lanes[i] + ": lanes are independent, so exactly equal");
    }
    assertEquals(one[7], split[7], "next activations: exactly equal");
    String[] params = {"W1", "b1", "W2", "b2"};
    for (int i = 0; i < params.length; i++) {
      close("d " + params[i], one[lanes.length + i], split[lanes.length + i], 1e-5 * batch * n);
    }
  }

  @ParameterizedTest(name = "{0} lanes, {1} parts")
  @CsvSource({"16, 2", "1024, 2", "1024, 3", "1056, 7", "64, 4"})
  void laneRangesAreWholeVectorsThatCoverEveryLaneOnce(int vectorsTimesLength, int parts) {
    int vl = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    int width = vectorsTimesLength / 16 * vl; // a whole number of vectors on any machine
    int[][] ranges = VectorActivationRule.laneRanges(width, parts);
    int vectors = width / vl;
    int expected =
        Math.max(1, Math.min(parts, vectors / VectorActivationRule.MIN_VECTORS_PER_RANGE));
    assertEquals(expected, ranges.length, "ranges");
    int next = 0;
    for (int[] r : ranges) {
      assertEquals(next, r[0], "contiguous");
      assertEquals(0, r[0] % vl, "starts on a vector");
      assertTrue(
          ranges.length == 1 || r[1] - r[0] >= VectorActivationRule.MIN_VECTORS_PER_RANGE * vl,
          "a range of at least the fewest vectors worth a thread");
      next = r[1];
    }
    assertEquals(width, next, "every lane");
  }

  /** A step's d a, d h ({@code [B, N, A]}) and d e ({@code [B*N, E]}), each in a new array. */
  private record Grads(INDArray act, INDArray msg, INDArray embedding) {
    static Grads of(
        ActivationRule rule,
        MetaParameters theta,
        MetaParameters grads,
        ActivationRule.Cache cache,
        INDArray dNext) {
      long[] shape = dNext.shape();
      long e = theta.get("W1").size(1) - 2L * shape[2] - 1; // u = [a, h, x~, e]
      Grads out =
          new Grads(
              Nd4j.zeros(dNext.dataType(), shape),
              Nd4j.zeros(dNext.dataType(), shape),
              Nd4j.zeros(dNext.dataType(), shape[0] * shape[1], e));
      rule.backward(theta, grads, cache, dNext, out.act(), out.msg(), out.embedding());
      return out;
    }
  }

  /** A float32 step's inputs and the d a' to back-propagate, {@code [B, N, .]}. */
  private record Inputs(
      INDArray act, INDArray msg, INDArray channel, INDArray emb, INDArray dNext) {
    static Inputs random(SplittableRandom rng, int a, int e, int batch, int n) {
      return new Inputs(
          RandomNetworks.gaussian(rng, 0.7, DataType.FLOAT, batch, n, a),
          RandomNetworks.gaussian(rng, 0.7, DataType.FLOAT, batch, n, a),
          RandomNetworks.gaussian(rng, 1.0, DataType.FLOAT, batch, n),
          RandomNetworks.gaussian(rng, 0.5, DataType.FLOAT, batch, n, e),
          RandomNetworks.gaussian(rng, 1.0, DataType.FLOAT, batch, n, a));
    }
  }

  /**
   * One float32 step forward and back: d a, d h, d e, the gradients of W1, b1, W2, b2, and the next
   * activations.
   */
  private static INDArray[] step(
      ActivationRule rule,
      MetaParameters theta,
      int a,
      int e,
      int batch,
      int n,
      SplittableRandom rng) {
    Inputs in = Inputs.random(rng, a, e, batch, n);
    ActivationRule.Step s = rule.forward(theta, in.act(), in.msg(), in.channel(), in.emb());
    MetaParameters grads = theta.zerosLike();
    Grads d = Grads.of(rule, theta, grads, s.cache(), in.dNext());
    return new INDArray[] {
      d.act(),
      d.msg(),
      d.embedding(),
      grads.get("W1"),
      grads.get("b1"),
      grads.get("W2"),
      grads.get("b2"),
      s.next()
    };
  }

  private static INDArray f32(INDArray x) {
    return x.castTo(DataType.FLOAT);
  }

  /** Equal entry by entry within {@code tol} times the larger of 1 and the entry's size. */
  private static void close(String what, INDArray want, INDArray got, double tol) {
    assertArrayEquals(want.shape(), got.shape(), what + ": shape");
    double[] w = want.dup('c').reshape(want.length()).toDoubleVector();
    double[] g = got.castTo(DataType.DOUBLE).dup('c').reshape(got.length()).toDoubleVector();
    for (int i = 0; i < w.length; i++) {
      double bound = tol * Math.max(1, Math.abs(w[i]));
      if (Math.abs(w[i] - g[i]) > bound) {
        throw new AssertionError(
            what
                + "["
                + i
                + "]: expected "
                + w[i]
                + ", got "
                + g[i]
                + " (tolerance "
                + bound
                + ")");
      }
    }
  }
}
