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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Two lane kernels of the same window run side by side through the same steps, forward and
 * backward, with their results compared: the shared protocol of {@link VectorKernelTest} and {@link
 * ParallelKernelTest}.
 */
final class KernelComparison {
  static final int STEPS = 4;

  /** A random network of the given shape, its rule's weights, and sizes. */
  record Case(NetworkStructure structure, LaneKernel.Weights weights, int batch) {
    static Case of(int s, int hs, int batch, Topology topology, int hidden, SplittableRandom rng) {
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
      int a = spec.activationSize();
      int n = structure.neuronCount();
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
      return new Case(structure, w, batch);
    }

    int n() {
      return structure.neuronCount();
    }

    int r() {
      return structure.receivingCount();
    }

    int s() {
      return weights.s();
    }

    int a() {
      return weights.a();
    }

    int hs() {
      return weights.hs();
    }

    /** Random values for every {@code [B, R, N, S]} entry, synapse or not. */
    double[] randomState(SplittableRandom rng) {
      return random(rng, batch * r() * n() * s(), 1.0);
    }
  }

  private KernelComparison() {}

  /**
   * Runs {@link #STEPS} steps and their backward passes through both kernels, already loaded with
   * the same state. Message sums and states must match to the last bit; the sums over rows (d Q, d
   * a, the parameter gradients) up to rounding; d P and the state gradients to the last bit if
   * {@code rowsExact}, else up to rounding.
   */
  static void compare(
      Case c, LaneKernel expected, LaneKernel actual, SplittableRandom rng, boolean rowsExact) {
    int batch = c.batch();
    DataType dtype = DataType.DOUBLE;
    List<double[]> posts = new ArrayList<>();
    for (int t = 0; t < STEPS; t++) {
      double[] act = random(rng, batch * c.n() * c.a(), 1.0);
      double[] post = random(rng, batch * c.r() * c.hs(), 1.0);
      posts.add(post);
      assertArrayEquals(expected.step(act), actual.step(act), "message sums of step " + t);
      expected.update(post);
      actual.update(post);
      assertArrayEquals(
          flat(expected.synapses(dtype)), flat(actual.synapses(dtype)), "state after step " + t);
    }
    for (int t = STEPS - 1; t >= 0; t--) {
      double[] dPostExpected = new double[batch * c.r() * c.hs()];
      double[] dPostActual = new double[batch * c.r() * c.hs()];
      assertClose(
          expected.backwardUpdate(t, posts.get(t), dPostExpected),
          actual.backwardUpdate(t, posts.get(t), dPostActual),
          "d Q of step " + t);
      assertRows(rowsExact, dPostExpected, dPostActual, "d P of step " + t);
      double[] dz = random(rng, batch * c.r() * c.s() * c.a(), 1.0);
      assertClose(
          expected.backwardMessage(t, dz), actual.backwardMessage(t, dz), "d a of step " + t);
      assertRows(
          rowsExact,
          flat(expected.synapseGradient(dtype)),
          flat(actual.synapseGradient(dtype)),
          "d state before step " + t);
    }
    int s = c.s();
    int hs = c.hs();
    double[][] e = {new double[hs * s], new double[2 * s * hs], new double[2 * s]};
    double[][] g = {new double[hs * s], new double[2 * s * hs], new double[2 * s]};
    expected.addParameterGradients(e[0], e[1], e[2]);
    actual.addParameterGradients(g[0], g[1], g[2]);
    assertClose(e[0], g[0], "d Uw");
    assertClose(e[1], g[1], "d U2");
    assertClose(e[2], g[2], "d d2");
    assertTrue(norm(g[1]) > 0, "the U2 gradient is not trivially zero");
  }

  private static void assertRows(boolean exact, double[] expected, double[] actual, String what) {
    if (exact) {
      assertArrayEquals(expected, actual, what);
    } else {
      assertClose(expected, actual, what);
    }
  }

  static void assertClose(double[] expected, double[] actual, String what) {
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

  static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  /** The array's values in c order, as doubles (a float's exactly). */
  static double[] flat(INDArray a) {
    return a.dup('c').reshape(a.length()).castTo(DataType.DOUBLE).toDoubleVector();
  }

  /** Gaussian values rounded to float, so that both precisions start from the same numbers. */
  static double[] random(SplittableRandom rng, int n, double sigma) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (rng.nextGaussian() * sigma);
    }
    return v;
  }
}
