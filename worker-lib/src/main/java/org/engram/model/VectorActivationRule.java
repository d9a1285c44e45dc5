package org.engram.model;

import static org.engram.model.HostArrays.floats;

import java.util.List;
import java.util.function.IntSupplier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The activation rule's float32 step ({@link ActivationRule}'s arithmetic) in Vector API loops,
 * with the neurons of all lifetimes as lanes: {@code u[i][p]} is input i of row p = (b, n). At the
 * default sizes a step is a few MFLOP spread over some 30 ND4J ops, each of which costs more in the
 * JVM (shape buffers, op contexts, native pointers) than its arithmetic; here a step is a handful
 * of passes over arrays that stay in cache. Up to rounding it computes what the ND4J path computes
 * ({@code VectorActivationRuleTest} compares them; the golden and finite-difference tests check the
 * ND4J path in float64). Loaded only when the JVM has the Vector API ({@link VectorSupport}).
 *
 * <p>Each pass is a small method of its own: C2 keeps vectors in registers only within what it
 * inlines, and stops inlining in one large method (see {@link VectorFloatLaneKernel}).
 */
final class VectorActivationRule {
  private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
  private static final int VL = SP.length();

  /**
   * The fewest vectors of lanes worth a thread of their own: a vector's step is some 1,200 fused
   * multiply-adds at the default sizes, a hand-over a few microseconds.
   */
  static final int MIN_VECTORS_PER_RANGE = 4;

  private final int a;
  private final IntSupplier threads;

  /** A rule whose steps use {@link KernelThreads#get} threads, as the windows' kernels do. */
  VectorActivationRule(int activationSize) {
    this(activationSize, KernelThreads::get);
  }

  /**
   * @param threads the threads a step splits its lanes between (see {@link #laneRanges})
   */
  VectorActivationRule(int activationSize, IntSupplier threads) {
    this.a = activationSize;
    this.threads = threads;
  }

  int activationSize() {
    return a;
  }

  /**
   * The lanes {@code [0, width)} cut into at most {@code parts} contiguous ranges of whole vectors,
   * at least {@link #MIN_VECTORS_PER_RANGE} each, as {@code [from, to)} pairs. Lanes are
   * independent in both passes, so a step split this way computes the same lanes to the last bit;
   * only the parameter gradients, sums over lanes, are added range by range.
   */
  static int[][] laneRanges(int width, int parts) {
    int vectors = width / VL;
    int n = Math.max(1, Math.min(parts, vectors / MIN_VECTORS_PER_RANGE));
    int[][] ranges = new int[n][];
    for (int i = 0; i < n; i++) {
      ranges[i] = new int[] {vectors * i / n * VL, vectors * (i + 1) / n * VL};
    }
    return ranges;
  }

  /** What the backward pass needs of one step, as lanes; {@code u[0..A)} are the activations. */
  record LaneCache(int rows, float[][] u, float[][] z, float[][] tanhC, float[][] gate)
      implements ActivationRule.Cache {}

  /** The rule's parameters as row-major floats. */
  private record Weights(int hidden, int inputs, float[] w1, float[] b1, float[] w2, float[] b2) {
    static Weights of(MetaParameters theta) {
      INDArray w1 = theta.get("W1");
      return new Weights(
          (int) w1.size(0),
          (int) w1.size(1),
          floats(w1),
          floats(theta.get("b1")),
          floats(theta.get("W2")),
          floats(theta.get("b2")));
    }
  }

  /** See {@link ActivationRule#forward}; the arrays are float32. */
  ActivationRule.Step forward(
      MetaParameters theta, INDArray act, INDArray msg, INDArray channel, INDArray embedding) {
    Weights w = Weights.of(theta);
    int rows = (int) (act.size(0) * act.size(1));
    int width = (rows + VL - 1) / VL * VL;
    float[][] u = new float[w.inputs()][width];
    toLanes(floats(act), a, u, 0);
    toLanes(floats(msg), a, u, a);
    toLanes(floats(channel), 1, u, 2 * a);
    toLanes(floats(embedding), w.inputs() - 2 * a - 1, u, 2 * a + 1);
    float[][] z = new float[w.hidden()][width];
    float[][] tanhC = new float[a][width];
    float[][] gate = new float[a][width];
    float[][] next = new float[a][width];
    int[][] ranges = laneRanges(width, threads.getAsInt());
    RangeHelpers.inParallel(
        ranges.length,
        r -> {
          forwardLanes(w, u, z, tanhC, gate, next, ranges[r][0], ranges[r][1]);
          return null;
        });
    INDArray nextAct = fromLanes(next, rows, 0, a, act.size(0), act.size(1), a);
    return new ActivationRule.Step(nextAct, new LaneCache(rows, u, z, tanhC, gate));
  }

  /** The forward pass over lanes {@code [from, to)}. */
  private void forwardLanes(
      Weights w,
      float[][] u,
      float[][] z,
      float[][] tanhC,
      float[][] gate,
      float[][] next,
      int from,
      int to) {
    for (int k = 0; k < w.hidden(); k++) {
      hiddenUnit(w, k, u, z[k], from, to);
    }
    for (int i = 0; i < a; i++) {
      output(w, i, z, tanhC[i], from, to);
      tanh(tanhC[i], from, to);
      output(w, a + i, z, gate[i], from, to);
      sigmoid(gate[i], from, to);
      gate(u[i], gate[i], tanhC[i], next[i], from, to);
    }
  }

  /** {@code z_k = tanh(b1[k] + sum_i W1[k, i] u_i)} over the lanes. */
  private static void hiddenUnit(Weights w, int k, float[][] u, float[] zk, int from, int to) {
    int n = w.inputs();
    float[] w1 = w.w1();
    FloatVector bias = FloatVector.broadcast(SP, w.b1()[k]);
    for (int l = from; l < to; l += VL) {
      FloatVector acc = bias;
      for (int i = 0; i < n; i++) {
        acc = FloatVector.fromArray(SP, u[i], l).fma(VectorMath.bc(w1[k * n + i]), acc);
      }
      VectorMath.tanh(acc).intoArray(zk, l);
    }
  }

  /** Output o before its squashing, {@code b2[o] + sum_k W2[o, k] z_k}. */
  private static void output(Weights w, int o, float[][] z, float[] out, int from, int to) {
    int h = w.hidden();
    float[] w2 = w.w2();
    FloatVector bias = FloatVector.broadcast(SP, w.b2()[o]);
    for (int l = from; l < to; l += VL) {
      FloatVector acc = bias;
      for (int k = 0; k < h; k++) {
        acc = FloatVector.fromArray(SP, z[k], l).fma(VectorMath.bc(w2[o * h + k]), acc);
      }
      acc.intoArray(out, l);
    }
  }

  private static void tanh(float[] x, int from, int to) {
    for (int l = from; l < to; l += VL) {
      VectorMath.tanh(FloatVector.fromArray(SP, x, l)).intoArray(x, l);
    }
  }

  private static void sigmoid(float[] x, int from, int to) {
    for (int l = from; l < to; l += VL) {
      VectorMath.sigmoid(FloatVector.fromArray(SP, x, l)).intoArray(x, l);
    }
  }

  /** {@code next = x + s (tc - x)}, as {@link Ops#gate} rounds it. */
  private static void gate(float[] x, float[] s, float[] tc, float[] next, int from, int to) {
    for (int l = from; l < to; l += VL) {
      FloatVector xv = FloatVector.fromArray(SP, x, l);
      FloatVector tv = FloatVector.fromArray(SP, tc, l);
      tv.sub(xv).mul(FloatVector.fromArray(SP, s, l)).add(xv).intoArray(next, l);
    }
  }

  /**
   * The backward pass's lanes, reused from step to step (a window's steps would otherwise allocate
   * some 10 MB per meta-update at the default sizes); one set per thread, as one network may be
   * stepped from several.
   */
  private record BackwardScratch(float[][] dN, float[][] dOut, float[][] dz, float[][] du) {
    boolean fits(int a, int h, int n, int width) {
      return dN.length == a && dz.length == h && du.length == n && du[0].length == width;
    }
  }

  private final ThreadLocal<BackwardScratch> scratch = new ThreadLocal<>();

  /** This thread's scratch, made anew where the last step's does not fit. */
  private BackwardScratch scratchFor(int h, int n, int width) {
    BackwardScratch b = scratch.get();
    if (b == null || !b.fits(a, h, n, width)) {
      b =
          new BackwardScratch(
              new float[a][width],
              new float[2 * a][width],
              new float[h][width],
              new float[n][width]);
      scratch.set(b);
    }
    return b;
  }

  /** See {@link ActivationRule#backward}; the arrays are float32. */
  void backward(
      MetaParameters theta,
      MetaParameters grads,
      LaneCache c,
      INDArray dNext,
      INDArray dAct,
      INDArray dMsg,
      INDArray dEmbedding) {
    Weights w = Weights.of(theta);
    int h = w.hidden();
    int n = w.inputs();
    int width = c.u()[0].length;
    BackwardScratch b = scratchFor(h, n, width);
    float[][] dN = b.dN();
    toLanes(floats(dNext), a, dN, 0);
    for (float[] row : dN) {
      java.util.Arrays.fill(row, c.rows(), width, 0f); // padding: an earlier step may have had more
    }
    int[][] ranges = laneRanges(width, threads.getAsInt());
    List<ParameterGradients> parts =
        RangeHelpers.inParallel(
            ranges.length, r -> backwardLanes(w, c, b, ranges[r][0], ranges[r][1]));
    ParameterGradients total = parts.get(0);
    for (int r = 1; r < parts.size(); r++) {
      total.add(parts.get(r)); // in range order: the sums do not depend on timing
    }
    HostArrays.add(grads.get("W2"), total.dW2());
    HostArrays.add(grads.get("b2"), total.db2());
    HostArrays.add(grads.get("W1"), total.dW1());
    HostArrays.add(grads.get("b1"), total.db1());
    float[][] du = b.du();
    int rows = c.rows();
    HostArrays.set(dAct, interleaved(du, rows, 0, a));
    HostArrays.set(dMsg, interleaved(du, rows, a, 2 * a));
    HostArrays.add(dEmbedding, interleaved(du, rows, 2 * a + 1, n));
  }

  /** The sums over lanes of the parameters' gradients, of one range of lanes or all. */
  private record ParameterGradients(float[] dW2, float[] db2, float[] dW1, float[] db1) {
    /** Adds another range's sums to these. */
    void add(ParameterGradients o) {
      addTo(dW2, o.dW2);
      addTo(db2, o.db2);
      addTo(dW1, o.dW1);
      addTo(db1, o.db1);
    }

    private static void addTo(float[] x, float[] y) {
      for (int i = 0; i < x.length; i++) {
        x[i] += y[i];
      }
    }
  }

  /**
   * The backward pass over lanes {@code [from, to)}: their d u into the scratch, and their share of
   * the parameters' gradients.
   */
  private ParameterGradients backwardLanes(
      Weights w, LaneCache c, BackwardScratch b, int from, int to) {
    int h = w.hidden();
    int n = w.inputs();
    float[][] dN = b.dN();
    float[][] dOut = b.dOut();
    float[][] du = b.du(); // d u; its first A rows start as the direct part of d a
    for (int i = 0; i < a; i++) {
      headGradients(c, i, dN[i], dOut[i], dOut[a + i], du[i], from, to);
    }
    float[] dW2 = new float[2 * a * h];
    float[] db2 = new float[2 * a];
    for (int o = 0; o < 2 * a; o++) {
      db2[o] = sum(dOut[o], from, to);
      for (int k = 0; k < h; k++) {
        dW2[o * h + k] = dot(dOut[o], c.z()[k], from, to);
      }
    }
    float[][] dz = b.dz();
    for (int k = 0; k < h; k++) {
      hiddenGradient(w, k, dOut, c.z()[k], dz[k], from, to);
    }
    float[] dW1 = new float[h * n];
    float[] db1 = new float[h];
    for (int k = 0; k < h; k++) {
      db1[k] = sum(dz[k], from, to);
      for (int i = 0; i < n; i++) {
        dW1[k * n + i] = dot(dz[k], c.u()[i], from, to);
      }
    }
    for (int i = a; i < n; i++) {
      java.util.Arrays.fill(du[i], from, to, 0f);
    }
    for (int i = 0; i < n; i++) {
      inputGradient(w, i, dz, du[i], from, to);
    }
    return new ParameterGradients(dW2, db2, dW1, db1);
  }

  /**
   * d c, d g and the direct part {@code d a' (1 - s)} of d a for component i, as {@link
   * Ops#gateBackward} and {@link ActivationRule#backward} round them.
   */
  private static void headGradients(
      LaneCache c, int i, float[] dn, float[] dc, float[] dg, float[] dAct, int from, int to) {
    float[] tc = c.tanhC()[i];
    float[] s = c.gate()[i];
    float[] x = c.u()[i];
    FloatVector one = FloatVector.broadcast(SP, 1f);
    for (int l = from; l < to; l += VL) {
      FloatVector d = FloatVector.fromArray(SP, dn, l);
      FloatVector sv = FloatVector.fromArray(SP, s, l);
      FloatVector tv = FloatVector.fromArray(SP, tc, l);
      FloatVector xv = FloatVector.fromArray(SP, x, l);
      d.mul(tv.sub(xv)).mul(one.sub(sv).mul(sv)).intoArray(dg, l);
      d.mul(sv).mul(one.sub(tv.mul(tv))).intoArray(dc, l);
      d.mul(one.sub(sv)).intoArray(dAct, l);
    }
  }

  /** {@code dz_k = (sum_o W2[o, k] dOut_o) (1 - z_k^2)}. */
  private static void hiddenGradient(
      Weights w, int k, float[][] dOut, float[] zk, float[] dzk, int from, int to) {
    int h = w.hidden();
    float[] w2 = w.w2();
    int outs = dOut.length;
    FloatVector one = FloatVector.broadcast(SP, 1f);
    for (int l = from; l < to; l += VL) {
      FloatVector acc = FloatVector.zero(SP);
      for (int o = 0; o < outs; o++) {
        acc = FloatVector.fromArray(SP, dOut[o], l).fma(VectorMath.bc(w2[o * h + k]), acc);
      }
      FloatVector zv = FloatVector.fromArray(SP, zk, l);
      acc.mul(one.sub(zv.mul(zv))).intoArray(dzk, l);
    }
  }

  /** {@code du_i += sum_k W1[k, i] dz_k}. */
  private static void inputGradient(Weights w, int i, float[][] dz, float[] dui, int from, int to) {
    int n = w.inputs();
    float[] w1 = w.w1();
    int h = dz.length;
    for (int l = from; l < to; l += VL) {
      FloatVector acc = FloatVector.zero(SP);
      for (int k = 0; k < h; k++) {
        acc = FloatVector.fromArray(SP, dz[k], l).fma(VectorMath.bc(w1[k * n + i]), acc);
      }
      acc.add(FloatVector.fromArray(SP, dui, l)).intoArray(dui, l);
    }
  }

  /** {@code sum_l x[l] y[l]} in two vector chains (the padding lanes of x are zero). */
  private static float dot(float[] x, float[] y, int from, int to) {
    FloatVector s0 = FloatVector.zero(SP);
    FloatVector s1 = s0;
    int l = from;
    for (; l + 2 * VL <= to; l += 2 * VL) {
      s0 = FloatVector.fromArray(SP, x, l).fma(FloatVector.fromArray(SP, y, l), s0);
      s1 = FloatVector.fromArray(SP, x, l + VL).fma(FloatVector.fromArray(SP, y, l + VL), s1);
    }
    if (l < to) {
      s0 = FloatVector.fromArray(SP, x, l).fma(FloatVector.fromArray(SP, y, l), s0);
    }
    return s0.add(s1).reduceLanes(VectorOperators.ADD);
  }

  private static float sum(float[] x, int from, int to) {
    FloatVector s = FloatVector.zero(SP);
    for (int l = from; l < to; l += VL) {
      s = s.add(FloatVector.fromArray(SP, x, l));
    }
    return s.reduceLanes(VectorOperators.ADD);
  }

  /** Row-major {@code [rows, count]} values into lanes {@code lanes[at + q][row]}. */
  private static void toLanes(float[] rowMajor, int count, float[][] lanes, int at) {
    int rows = rowMajor.length / count;
    for (int q = 0; q < count; q++) {
      float[] l = lanes[at + q];
      for (int p = 0; p < rows; p++) {
        l[p] = rowMajor[p * count + q];
      }
    }
  }

  /** Lanes {@code from} to {@code to} as rows of a c-order {@code [rows, to - from]} array. */
  private static float[] interleaved(float[][] lanes, int rows, int from, int to) {
    int count = to - from;
    float[] v = new float[rows * count];
    for (int q = 0; q < count; q++) {
      float[] l = lanes[from + q];
      for (int p = 0; p < rows; p++) {
        v[p * count + q] = l[p];
      }
    }
    return v;
  }

  /**
   * Lanes {@code from} to {@code to} as a row-major {@code [rows, to - from]} array, of the given
   * {@code shape} (one made array: a reshape would make another).
   */
  private static INDArray fromLanes(float[][] lanes, int rows, int from, int to, long... shape) {
    return Nd4j.create(interleaved(lanes, rows, from, to), shape, 'c');
  }

  /** Whether this rule can run a step of the given precision. */
  static boolean handles(DataType dtype) {
    return dtype == DataType.FLOAT;
  }
}
