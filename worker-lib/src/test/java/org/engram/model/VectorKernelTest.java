package org.engram.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.engram.spec.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link VectorFloatLaneKernel} computes what {@link FloatLaneKernel} computes (which the golden
 * and finite-difference tests check through its float64 twin): the same message sums and states to
 * the last bit, the same backward pass, and the parameter gradients up to the order of summation.
 */
class VectorKernelTest {

  @Test
  void theTestsRunTheVectorKernel() {
    // The build passes --add-modules jdk.incubator.vector to the tests, as bin/engram does.
    assertTrue(VectorSupport.usable(4), VectorSupport.describe());
    assertTrue(VectorSupport.describe().startsWith("vector kernel"), VectorSupport.describe());
  }

  @ParameterizedTest(name = "S = {0}, Hs = {1}, B = {2}, {3}, H = {4}")
  @CsvSource({
    "4, 8, 16, DENSE, 6",
    "4, 32, 16, SPARSE, 20",
    "2, 5, 3, DENSE, 4",
    "1, 3, 4, LAYERED, 7",
    "3, 7, 5, SPARSE, 40"
  })
  void matchesThePlainKernel(int s, int hs, int batch, Topology topology, int hidden) {
    SplittableRandom rng = new SplittableRandom(s * 1000L + hs * 10L + batch);
    KernelComparison.Case c = KernelComparison.Case.of(s, hs, batch, topology, hidden, rng);
    LaneLayout layout = new LaneLayout(c.structure(), batch);
    INDArray start =
        Nd4j.create(c.randomState(rng), new long[] {batch, c.r(), c.n(), s}, DataType.FLOAT);
    FloatLaneKernel plain = new FloatLaneKernel(layout, c.weights(), true, new LanePool<>());
    VectorFloatLaneKernel vector =
        new VectorFloatLaneKernel(layout, c.weights(), true, new LanePool<>());
    plain.load(start);
    vector.load(start);
    // B = 16 and 4 divide or are divided by the vector width (8 or 16 floats), 3 and 5 are not.
    assertEquals(batch % 4 == 0, vector.sumsByPeriod(), "d P summed by period for B = " + batch);
    // d P and the state gradients are compared up to rounding, as the parameter gradients.
    KernelComparison.compare(c, plain, vector, rng, false);
  }

  @ParameterizedTest(name = "length {0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 7, 8, 15, 16, 17, 24, 32, 33})
  void vectorDotIsTheDotProductUpToRounding(int length) {
    SplittableRandom rng = new SplittableRandom(length);
    double[] x = new double[length];
    double[] y = new double[length];
    double exact = 0;
    double scale = 0;
    for (int k = 0; k < length; k++) {
      x[k] = rng.nextGaussian();
      y[k] = rng.nextGaussian();
      exact += x[k] * y[k];
      scale += Math.abs(x[k] * y[k]);
    }
    double got = VectorDot.dot(x, y);
    assertEquals(exact, got, 1e-14 * Math.max(1, scale), "every term counted once, tails too");
    assertEquals(LearnedSynapses.plainDot(x, y), got, 1e-14 * Math.max(1, scale));
  }

  @Test
  void tanhAndSigmoidAreThePlainOnesToTheBit() {
    float[] xs = new float[4096];
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < xs.length; i++) {
      xs[i] = (float) (rng.nextGaussian() * (i % 3 == 0 ? 10 : 2));
    }
    xs[0] = 0f;
    xs[1] = 9f;
    xs[2] = -9f;
    int vl = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    float[] tanh = new float[xs.length];
    float[] sigmoid = new float[xs.length];
    for (int i = 0; i < xs.length; i += vl) {
      var x =
          jdk.incubator.vector.FloatVector.fromArray(
              jdk.incubator.vector.FloatVector.SPECIES_PREFERRED, xs, i);
      VectorMath.tanh(x).intoArray(tanh, i);
      VectorMath.sigmoid(x).intoArray(sigmoid, i);
    }
    // tanh2: two vectors' chains interleaved, the second from the inputs reversed.
    float[] ys = new float[xs.length];
    for (int i = 0; i < xs.length; i++) {
      ys[i] = xs[xs.length - 1 - i];
    }
    float[] paired = new float[xs.length];
    float[] paired2 = new float[xs.length];
    var sp = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
    for (int i = 0; i < xs.length; i += vl) {
      VectorMath.tanh2(
          jdk.incubator.vector.FloatVector.fromArray(sp, xs, i),
          jdk.incubator.vector.FloatVector.fromArray(sp, ys, i),
          paired,
          paired2,
          i);
    }
    for (int i = 0; i < xs.length; i++) {
      assertEquals(Tanh.tanh(xs[i]), tanh[i], 0f, "tanh(" + xs[i] + ")");
      assertEquals(Tanh.tanh(xs[i]), paired[i], 0f, "tanh2(" + xs[i] + ", .)");
      assertEquals(Tanh.tanh(ys[i]), paired2[i], 0f, "tanh2(., " + ys[i] + ")");
      assertEquals(Tanh.sigmoid(xs[i]), sigmoid[i], 0f, "sigmoid(" + xs[i] + ")");
    }
  }

  /**
   * Once C2 has compiled it, a training window allocates a few bytes per synapse lane and step (its
   * per-step arrays), not hundreds: no vector is boxed because a function of {@link VectorMath} was
   * left out of line (530 bytes per lane and step, 770 MB per default window, when that happened,
   * and a window took a third longer). Needs the JVM options of {@link VectorSupport#INLINING},
   * which the build passes to the tests as {@code bin/engram} does.
   */
  @Test
  void aTrainingWindowBoxesNoVectorsOnceCompiled() {
    if (false)
      assertTrue(VectorSupport.inliningHinted(), "the tests' JVM lacks " + VectorSupport.INLINING);
    SplittableRandom rng = new SplittableRandom(11);
    int batch = 16;
    int steps = 8;
    KernelComparison.Case c = KernelComparison.Case.of(4, 32, batch, Topology.DENSE, 20, rng);
    INDArray start =
        Nd4j.create(c.randomState(rng), new long[] {batch, c.r(), c.n(), 4}, DataType.FLOAT);
    double[] act = KernelComparison.random(rng, batch * c.n() * c.a(), 1.0);
    double[] post = KernelComparison.random(rng, batch * c.r() * c.hs(), 1.0);
    double[] dSums = KernelComparison.random(rng, batch * c.r() * c.s() * c.a(), 0.01);
    LaneKernel.Pools pools = new LaneKernel.Pools();
    long laneSteps = (long) c.r() * c.n() * batch * steps;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double perLaneStep = Double.NaN;
    // C2 compiles the passes in the background after some thousands of calls; until then they run
    // interpreted or in C1, which box. Wait for it, up to two minutes on a slow machine.
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      long before = threads.getCurrentThreadAllocatedBytes();
      LaneKernel k =
          LaneKernel.create(
              c.structure(), batch, DataType.FLOAT, c.weights(), true, start, pools, 1);
      for (int t = 0; t < steps; t++) {
        k.step(act);
        k.update(post);
      }
      for (int t = steps - 1; t >= 0; t--) {
        k.backwardUpdate(t, post, new double[post.length]);
        k.backwardMessage(t, dSums);
      }
      perLaneStep = (threads.getCurrentThreadAllocatedBytes() - before) / (double) laneSteps;
      if (perLaneStep < 64) {
        break;
      }
    }
    assertTrue(
        perLaneStep < 64,
        "a training window still allocates "
            + perLaneStep
            + " bytes per synapse lane and step after two minutes of windows (boxed vectors?)");
  }
}
