package org.engram.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.engram.spec.NetworkSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
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
    NetworkSpec spec =
        new NetworkSpec(
            NetworkType.PLASTIC,
            topology,
            0.5,
            hidden,
            2,
            3,
            s,
            2,
            4,
            hs,
            0.1,
            -2.0,
            0.01,
            0.1,
            10);
    NetworkStructure structure =
        NetworkStructure.build(spec, TaskSpec.defaults().withKind(TaskKind.AUTOASSOC, 3, 3), 7);
    LaneLayout layout = new LaneLayout(structure, batch);
    int a = spec.activationSize();
    int n = structure.neuronCount();
    int r = structure.receivingCount();
    LaneKernel.Weights w =
        new LaneKernel.Weights(
            s,
            a,
            hs,
            random(rng, hs * s, 0.8),
            random(rng, 2 * s * hs, 0.8),
            random(rng, 2 * s, 0.5),
            random(rng, hs * a, 0.8),
            random(rng, n * hs, 0.5));
    INDArray start =
        Nd4j.create(
            random(rng, batch * r * n * s, 1.0), new long[] {batch, r, n, s}, DataType.FLOAT);
    FloatLaneKernel plain = new FloatLaneKernel(layout, w, true, new LanePool<>());
    VectorFloatLaneKernel vector = new VectorFloatLaneKernel(layout, w, true, new LanePool<>());
    plain.load(start);
    vector.load(start);

    int steps = 4;
    List<double[]> posts = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      double[] act = random(rng, batch * n * a, 1.0);
      double[] post = random(rng, batch * r * hs, 1.0);
      posts.add(post);
      assertArrayEquals(plain.step(act), vector.step(act), "message sums of step " + t);
      plain.update(post);
      vector.update(post);
      assertArrayEquals(
          flat(plain.synapses(DataType.FLOAT)).toFloatVector(),
          flat(vector.synapses(DataType.FLOAT)).toFloatVector(),
          "state after step " + t);
    }

    for (int t = steps - 1; t >= 0; t--) {
      double[] dPostPlain = new double[batch * r * hs];
      double[] dPostVector = new double[batch * r * hs];
      assertClose(
          plain.backwardUpdate(t, posts.get(t), dPostPlain),
          vector.backwardUpdate(t, posts.get(t), dPostVector),
          "d Q of step " + t);
      assertClose(dPostPlain, dPostVector, "d P of step " + t);
      double[] dz = random(rng, batch * r * s * a, 1.0);
      assertClose(plain.backwardMessage(t, dz), vector.backwardMessage(t, dz), "d a of step " + t);
      assertClose(
          toDoubles(plain.synapseGradient(DataType.FLOAT)),
          toDoubles(vector.synapseGradient(DataType.FLOAT)),
          "d state before step " + t);
    }
    double[][] plainGrads = {new double[hs * s], new double[2 * s * hs], new double[2 * s]};
    double[][] vectorGrads = {new double[hs * s], new double[2 * s * hs], new double[2 * s]};
    plain.addParameterGradients(plainGrads[0], plainGrads[1], plainGrads[2]);
    vector.addParameterGradients(vectorGrads[0], vectorGrads[1], vectorGrads[2]);
    assertClose(plainGrads[0], vectorGrads[0], "d Uw");
    assertClose(plainGrads[1], vectorGrads[1], "d U2");
    assertClose(plainGrads[2], vectorGrads[2], "d d2");
    assertTrue(norm(vectorGrads[1]) > 0, "the U2 gradient is not trivially zero");
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
      VectorFloatLaneKernel.tanh(x).intoArray(tanh, i);
      VectorFloatLaneKernel.sigmoid(x).intoArray(sigmoid, i);
    }
    for (int i = 0; i < xs.length; i++) {
      assertEquals(Tanh.tanh(xs[i]), tanh[i], 0f, "tanh(" + xs[i] + ")");
      assertEquals(Tanh.sigmoid(xs[i]), sigmoid[i], 0f, "sigmoid(" + xs[i] + ")");
    }
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    double scale = Math.max(1e-6, norm(expected) / Math.sqrt(expected.length));
    for (int i = 0; i < expected.length; i++) {
      double tol = 2e-5 * Math.max(scale, Math.abs(expected[i]));
      if (Math.abs(expected[i] - actual[i]) > tol) {
        throw new AssertionError(
            what + " [" + i + "]: expected " + expected[i] + ", got " + actual[i]);
      }
    }
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static double[] toDoubles(INDArray a) {
    return flat(a).castTo(DataType.DOUBLE).toDoubleVector();
  }

  private static INDArray flat(INDArray a) {
    return a.dup('c').reshape(a.length());
  }

  private static double[] random(SplittableRandom rng, int n, double sigma) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (rng.nextGaussian() * sigma);
    }
    return v;
  }
}
