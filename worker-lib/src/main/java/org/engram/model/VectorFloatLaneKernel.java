package org.engram.model;

import static org.engram.model.VectorMath.HALF;
import static org.engram.model.VectorMath.ONE;
import static org.engram.model.VectorMath.bc;
import static org.engram.model.VectorMath.tanh;
import static org.engram.model.VectorMath.tanh2;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatLaneKernel} with the rule's forward and backward pass over a chunk written with the
 * (incubating) Vector API. The hidden layer runs unit by unit over the chunk's vectors, its sums
 * and then its tanh, two units' chains interleaved; the outputs take two of them at a time through
 * all units, four vectors of lanes at once; the output gradients then go back through the hidden
 * layer unit by unit, with the unit's coefficients in registers, where the plain-Java kernel
 * streams every hidden unit's lanes through memory once per product (HotSpot only vectorises
 * innermost loops). The parameter gradients are summed into one vector per parameter instead of a
 * chunk's width of lanes, which keeps them in L1.
 *
 * <p>Each loop is shaped to keep what it holds within AVX2's sixteen vector registers: where a loop
 * needs more, C2 spills vectors to the stack and reloads them in every iteration, which cost the
 * outputs and the hidden layer's backward pass a quarter to a third of their time (README,
 * Performance log, "Register spills", 27 Nov). After changing a loop, look at its machine code:
 * {@code bin/c2-loops} counts the instructions and stack moves of each compiled loop.
 *
 * <p>The arithmetic is the plain kernel's, in the same order (the same fused multiply-adds, the
 * same tanh), so the states and outputs of a window are the same to the last bit; only the
 * parameter gradients are summed in another order. {@code VectorKernelTest} checks both.
 *
 * <p>Every function of whole vectors that is not the Vector API's own lives in {@link VectorMath},
 * which the JVM must be told to inline ({@link VectorSupport#INLINING}); see there why.
 *
 * <p>Written for S &le; 4 (the default; {@link LaneKernel#create} uses the plain kernel beyond):
 * unused synapse components are zero vectors with zero coefficients. The class is only loaded when
 * the JVM has the {@code jdk.incubator.vector} module (see {@link VectorSupport}).
 */
final class VectorFloatLaneKernel extends FloatLaneKernel {
  /** The most synapse components this kernel holds in registers. */
  static final int MAX_S = 4;

  private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
  private static final int VL = SP.length();
  private static final VectorSpecies<Double> DSP = DoubleVector.SPECIES_PREFERRED; // foldRow's

  private final float[] uw4; // [Hs][4]: Uw with zero columns beyond S
  private final float[] u2p; // [8][Hs]: rows c_0..c_3, g_0..g_3 of U2, zero beyond S
  private final float[] d2p; // [8]
  private final float[] zeros; // the lanes of the components beyond S
  private final float[] discarded; // where the components beyond S are written
  private final float[][] dHidden; // [Hs][width]: d z of the chunk
  private final float[][] hidden; // [Hs][width]: z of the chunk, kept for the backward pass
  private final float[] accU2; // [8 * Hs][VL] lane-wise sums of the U2 gradient
  private final float[] accUw; // [Hs * 4][VL]
  private final float[] accD2; // [8][VL]
  private final int[] rowChunks = new int[lay.chunks()]; // messageRow's active chunks of a row
  private final double[] foldWide = new double[width]; // foldRow's lanes, widened
  private final double[] foldBlock = new double[DSP.length()]; // foldRow's sums of a block of B
  // A row's d P, summed by lane modulo lcm(B, VL) (where one divides the other) instead of lane
  // by lane over the chunk's width (rowSum): lanes that fold to the same b share a sum, so the
  // backward pass touches one period of lanes per hidden unit, not a chunk's width, and the row's
  // fold adds up a period, not a chunk (the folds took 2.6% of a default meta-update's samples,
  // 1.5% after).
  private final int sumPeriod; // 0: rowSum is used
  private final float[][] periodSums; // [Hs][sumPeriod]

  VectorFloatLaneKernel(
      LaneLayout layout, LaneKernel.Weights w, boolean keepTape, LanePool<float[][]> pool) {
    super(layout, w, keepTape, pool);
    if (s > MAX_S || layout.width() % VL != 0) {
      throw new IllegalArgumentException(
          "the vector kernel needs S <= " + MAX_S + " and lanes in whole vectors, got S = " + s);
    }
    uw4 = new float[hs * MAX_S];
    u2p = new float[2 * MAX_S * hs];
    d2p = new float[2 * MAX_S];
    for (int k = 0; k < hs; k++) {
      for (int i = 0; i < s; i++) {
        uw4[k * MAX_S + i] = uw[k * s + i];
        u2p[i * hs + k] = u2[i * hs + k];
        u2p[(MAX_S + i) * hs + k] = u2[(s + i) * hs + k];
      }
    }
    for (int i = 0; i < s; i++) {
      d2p[i] = d2[i];
      d2p[MAX_S + i] = d2[s + i];
    }
    hidden = new float[hs][layout.width()];
    zeros = new float[layout.width()];
    discarded = new float[layout.width()];
    dHidden = new float[hs][layout.width()];
    accU2 = new float[2 * MAX_S * hs * VL];
    accUw = new float[hs * MAX_S * VL];
    accD2 = new float[2 * MAX_S * VL];
    int period = Math.max(batch, VL);
    boolean periodic = period % batch == 0 && period % VL == 0 && layout.width() % period == 0;
    sumPeriod = periodic ? period : 0;
    periodSums = periodic ? new float[hs][period] : null;
  }

  /** Whether a chunk's padded lanes are whole vectors of this JVM's preferred width. */
  static boolean wholeVectors() {
    return LaneLayout.LANE_MULTIPLE % VL == 0;
  }

  static int vectorBits() {
    return SP.vectorBitSize();
  }

  /**
   * Component i of per-component lanes, or zeros beyond S. (A choice between arrays, not between
   * vectors: C2 keeps vectors in registers only where no branch merges two of them.)
   */
  private float[] comp(float[][] v, int i) {
    return i < v.length ? v[i] : zeros;
  }

  /**
   * The forward pass of a chunk: {@code z = tanh(P + Q + Uw w)} into {@link #hidden}, hidden unit
   * by hidden unit, then, vector by vector, {@code out[o][l]} = the squashed {@code (U2 z + d2)[o]}
   * for the 8 padded outputs ({@code tanh(c_i)} at i, {@code sigma(g_i)} at 4 + i). Separate
   * methods, not one loop: C2 stops inlining (and so intrinsifying) the Vector API's calls in a
   * method that grows too large (NodeCountInliningCutoff), and falls back to boxed vectors on the
   * heap; which calls it drops depends on the run's profile, so a method near that size boxes in
   * some runs only (see {@link #hiddenLayer}).
   */
  private void forward(float[][] w, float[][] q, float[][] out, int len) {
    hiddenLayer(w, q, len);
    int l = 0;
    for (; l + 4 * VL <= len; l += 4 * VL) {
      for (int o = 0; o < 2 * MAX_S; o += 2) {
        outputPair(l, o, out);
      }
    }
    for (; l < len; l += VL) {
      outputs(l, out);
    }
    activate(out, len);
  }

  /**
   * {@code out = [tanh(c), sigma(g)]} for the lanes of a chunk, in place, two outputs at a time
   * ({@link VectorMath#tanh2}'s chains interleaved: 5.2 against 6.9 ns per lane of a chunk one
   * output at a time, Zen 3 VM, 27 Nov). sigma(g) = tanh(g / 2) / 2 + 1 / 2 in two passes, the tanh
   * then the scaling, rounded as {@link VectorMath#sigmoid} rounds it.
   */
  private static void activate(float[][] out, int len) {
    for (int i = 0; i < MAX_S; i += 2) {
      squashPair(out[i], out[i + 1], len);
    }
    for (int i = MAX_S; i < 2 * MAX_S; i += 2) {
      float[] x = out[i];
      float[] y = out[i + 1];
      for (int l = 0; l < len; l += VL) {
        FloatVector gx = FloatVector.fromArray(SP, x, l).mul(HALF);
        FloatVector gy = FloatVector.fromArray(SP, y, l).mul(HALF);
        tanh2(gx, gy, x, y, l);
      }
      for (int l = 0; l < len; l += VL) {
        FloatVector.fromArray(SP, x, l).mul(HALF).add(HALF).intoArray(x, l);
        FloatVector.fromArray(SP, y, l).mul(HALF).add(HALF).intoArray(y, l);
      }
    }
  }

  /**
   * {@code z = tanh(P + Q + Uw w)} into {@link #hidden} for the lanes of a chunk, in two passes:
   * the sums, then the tanh in place. One pass measured no faster, and its compiled graph sat at
   * the edge of C2's node budget: in about one run in three C2 left the tanh's divisions out of
   * line and boxed their vectors (834-942 ms per default meta-update against 504-636 on the Zen 3
   * VM, 2026-11-27, with the allocations in {@code FloatVector.div} called from here).
   */
  private void hiddenLayer(float[][] w, float[][] q, int len) {
    hiddenSums(w, q, len);
    int k = 0;
    for (; k + 2 <= hs; k += 2) {
      squashPair(hidden[k], hidden[k + 1], len);
    }
    if (k < hs) {
      squash(hidden[k], len);
    }
  }

  /** {@code P + Q + Uw w} into {@link #hidden}, hidden unit by hidden unit. */
  private void hiddenSums(float[][] w, float[][] q, int len) {
    float[] c0 = comp(w, 0);
    float[] c1 = comp(w, 1);
    float[] c2 = comp(w, 2);
    float[] c3 = comp(w, 3);
    for (int k = 0; k < hs; k++) {
      int u = k * MAX_S;
      FloatVector a0 = bc(uw4[u]);
      FloatVector a1 = bc(uw4[u + 1]);
      FloatVector a2 = bc(uw4[u + 2]);
      FloatVector a3 = bc(uw4[u + 3]);
      float[] post = rowPart[k];
      float[] pre = q[k];
      float[] z = hidden[k];
      for (int l = 0; l < len; l += VL) {
        FloatVector h = FloatVector.fromArray(SP, post, l);
        h = h.add(FloatVector.fromArray(SP, pre, l));
        h = FloatVector.fromArray(SP, c0, l).fma(a0, h);
        h = FloatVector.fromArray(SP, c1, l).fma(a1, h);
        h = FloatVector.fromArray(SP, c2, l).fma(a2, h);
        h = FloatVector.fromArray(SP, c3, l).fma(a3, h);
        h.intoArray(z, l);
      }
    }
  }

  /**
   * tanh in place over the lanes of two hidden units, a vector of each at a time ({@link
   * VectorMath#tanh2}): the vectors of the two are independent, so their chains overlap.
   */
  private static void squashPair(float[] x, float[] y, int len) {
    for (int l = 0; l < len; l += VL) {
      tanh2(FloatVector.fromArray(SP, x, l), FloatVector.fromArray(SP, y, l), x, y, l);
    }
  }

  /** tanh in place over a chunk's lanes of one row: an output c_i, or the last of an odd Hs. */
  private static void squash(float[] x, int len) {
    for (int l = 0; l < len; l += VL) {
      tanh(FloatVector.fromArray(SP, x, l)).intoArray(x, l);
    }
  }

  /**
   * The outputs o and o + 1 ({@code (U2 z + d2)[o]}) at the four vectors of lanes from l: each
   * broadcast of a coefficient serves four vectors, and the eight sums, four loaded vectors and a
   * coefficient fit AVX2's sixteen registers. Eight outputs of two vectors at once (nineteen
   * registers) made C2 spill to the stack in the loop: 13.1 ns per lane of a chunk against 8.3 this
   * way (Zen 3 VM, 27 Nov, the best of 30 rounds each).
   */
  private void outputPair(int l, int o, float[][] out) {
    FloatVector y0 = bc(d2p[o]), y1 = y0, y2 = y0, y3 = y0;
    FloatVector x0 = bc(d2p[o + 1]), x1 = x0, x2 = x0, x3 = x0;
    int first = o * hs;
    int second = first + hs;
    for (int k = 0; k < hs; k++) {
      float[] hk = hidden[k];
      FloatVector h0 = FloatVector.fromArray(SP, hk, l);
      FloatVector h1 = FloatVector.fromArray(SP, hk, l + VL);
      FloatVector h2 = FloatVector.fromArray(SP, hk, l + 2 * VL);
      FloatVector h3 = FloatVector.fromArray(SP, hk, l + 3 * VL);
      FloatVector c = bc(u2p[first + k]);
      y0 = h0.fma(c, y0);
      y1 = h1.fma(c, y1);
      y2 = h2.fma(c, y2);
      y3 = h3.fma(c, y3);
      c = bc(u2p[second + k]);
      x0 = h0.fma(c, x0);
      x1 = h1.fma(c, x1);
      x2 = h2.fma(c, x2);
      x3 = h3.fma(c, x3);
    }
    float[] y = out[o];
    float[] x = out[o + 1];
    y0.intoArray(y, l);
    y1.intoArray(y, l + VL);
    y2.intoArray(y, l + 2 * VL);
    y3.intoArray(y, l + 3 * VL);
    x0.intoArray(x, l);
    x1.intoArray(x, l + VL);
    x2.intoArray(x, l + 2 * VL);
    x3.intoArray(x, l + 3 * VL);
  }

  private void outputs(int l, float[][] out) {
    FloatVector y0 = bc(d2p[0]);
    FloatVector y1 = bc(d2p[1]);
    FloatVector y2 = bc(d2p[2]);
    FloatVector y3 = bc(d2p[3]);
    FloatVector y4 = bc(d2p[4]);
    FloatVector y5 = bc(d2p[5]);
    FloatVector y6 = bc(d2p[6]);
    FloatVector y7 = bc(d2p[7]);
    for (int k = 0; k < hs; k++) {
      FloatVector h = FloatVector.fromArray(SP, hidden[k], l);
      y0 = h.fma(bc(u2p[k]), y0);
      y1 = h.fma(bc(u2p[hs + k]), y1);
      y2 = h.fma(bc(u2p[2 * hs + k]), y2);
      y3 = h.fma(bc(u2p[3 * hs + k]), y3);
      y4 = h.fma(bc(u2p[4 * hs + k]), y4);
      y5 = h.fma(bc(u2p[5 * hs + k]), y5);
      y6 = h.fma(bc(u2p[6 * hs + k]), y6);
      y7 = h.fma(bc(u2p[7 * hs + k]), y7);
    }
    y0.intoArray(out[0], l);
    y1.intoArray(out[1], l);
    y2.intoArray(out[2], l);
    y3.intoArray(out[3], l);
    y4.intoArray(out[4], l);
    y5.intoArray(out[5], l);
    y6.intoArray(out[6], l);
    y7.intoArray(out[7], l);
  }

  @Override
  void updateChunk(float[][] w, float[][] q, float[] m, float[][] wn, int len) {
    float[][] out = scratchOut8();
    forward(w, q, out, len);
    for (int l = 0; l < len; l += VL) {
      FloatVector mask = FloatVector.fromArray(SP, m, l);
      for (int i = 0; i < s; i++) {
        FloatVector tc = FloatVector.fromArray(SP, out[i], l);
        FloatVector gate = FloatVector.fromArray(SP, out[MAX_S + i], l);
        FloatVector wi = FloatVector.fromArray(SP, w[i], l);
        // m (w + gate (tc - w)), as the plain kernel rounds it.
        wi.add(gate.mul(tc.sub(wi))).mul(mask).intoArray(wn[i], l);
      }
    }
  }

  @Override
  void backwardRuleChunk(
      float[][] w, float[][] q, float[] m, float[][] dNext, float[][] dw, float[][] dPre, int len) {
    // Passes over the chunk, each a small method: C2 keeps vectors in registers only within what it
    // inlines, and it stops inlining in one large method (NodeCountInliningCutoff), after which
    // every vector crossing a call is boxed on the heap.
    float[][] out = scratchOut8();
    forward(w, q, out, len);
    float[][] e = out; // the outputs are read once, then replaced by their gradients
    for (int i = 0; i < MAX_S; i++) {
      head(comp(dNext, i), m, e[i], e[MAX_S + i], comp(w, i), sink(dw, i), len);
    }
    hiddenBackward(e, dPre, len);
    for (int l = 0; l < len; l += VL) {
      synapseBackward(dw, l);
    }
    int k = 0;
    for (; k + 2 <= hs; k += 2) {
      gradU2Pair(e, k, len);
    }
    for (; k < hs; k++) {
      gradU2(e, k, len);
    }
    for (k = 0; k + 2 <= hs; k += 2) {
      gradUwPair(w, k, len);
    }
    for (; k < hs; k++) {
      gradUw(w, k, len);
    }
    addOutputGradients(e, len);
  }

  /**
   * The gradients of synapse component i's outputs over a chunk, from d state ({@code dn}):
   * replaces tanh(c_i) ({@code tc}) by d c_i and sigma(g_i) ({@code g}) by d g_i, and writes the
   * direct part {@code d (1 - sigma(g))} of d w_i into {@code dw}. Zero beyond S, where d state is
   * zero. A loop over the chunk per component, not a call per vector: within one loop C2 hoists the
   * arrays' bounds checks.
   */
  private static void head(
      float[] dn, float[] m, float[] tc, float[] g, float[] w, float[] dw, int len) {
    FloatVector one = ONE;
    for (int l = 0; l < len; l += VL) {
      FloatVector d = FloatVector.fromArray(SP, dn, l).mul(FloatVector.fromArray(SP, m, l));
      FloatVector gv = FloatVector.fromArray(SP, g, l);
      FloatVector tv = FloatVector.fromArray(SP, tc, l);
      FloatVector wv = FloatVector.fromArray(SP, w, l);
      // As the plain kernel rounds them: d g tanh'(c), d (tc - w) g (1 - g), d (1 - g).
      d.mul(gv).mul(one.sub(tv.mul(tv))).intoArray(tc, l);
      d.mul(tv.sub(wv)).mul(gv).mul(one.sub(gv)).intoArray(g, l);
      d.mul(one.sub(gv)).intoArray(dw, l);
    }
  }

  /**
   * Back through the hidden layer, unit by unit over the chunk's lanes: {@code d z = (U2^T e) (1 -
   * z^2)} into {@link #dHidden}, d Q added to {@code dPre}, d P to the row's sums (by period, or
   * lane by lane). The unit's eight coefficients stay in registers over all its lanes. The other
   * way round, a vector of lanes through all units with the eight output gradients and d w held in
   * registers, needed more than AVX2's sixteen, and C2 spilled them to the stack in the loop: the
   * two passes of this and {@link #synapseBackward} took 27-30 ns per lane of a chunk against 40
   * (Zen 3 VM, 27 Nov, the best of 30 rounds each).
   */
  private void hiddenBackward(float[][] e, float[][] dPre, int len) {
    float[][] sums = sumPeriod > 0 ? periodSums : rowSum;
    int period = sumPeriod > 0 ? sumPeriod : width; // rowSum: at = l
    float[] e0 = e[0], e1 = e[1], e2 = e[2], e3 = e[3];
    float[] e4 = e[4], e5 = e[5], e6 = e[6], e7 = e[7];
    FloatVector one = ONE;
    for (int k = 0; k < hs; k++) {
      // d z_k = sum_o U2[o, k] e_o in the plain kernel's order (c's, then g's, ascending).
      FloatVector c0 = bc(u2p[k]);
      FloatVector c1 = bc(u2p[hs + k]);
      FloatVector c2 = bc(u2p[2 * hs + k]);
      FloatVector c3 = bc(u2p[3 * hs + k]);
      FloatVector c4 = bc(u2p[4 * hs + k]);
      FloatVector c5 = bc(u2p[5 * hs + k]);
      FloatVector c6 = bc(u2p[6 * hs + k]);
      FloatVector c7 = bc(u2p[7 * hs + k]);
      float[] z = hidden[k];
      float[] dz = dHidden[k];
      float[] dq = dPre[k];
      float[] dp = sums[k];
      int at = 0;
      for (int l = 0; l < len; l += VL) {
        FloatVector h = FloatVector.fromArray(SP, z, l);
        FloatVector d = FloatVector.fromArray(SP, e0, l).mul(c0);
        d = FloatVector.fromArray(SP, e1, l).fma(c1, d);
        d = FloatVector.fromArray(SP, e2, l).fma(c2, d);
        d = FloatVector.fromArray(SP, e3, l).fma(c3, d);
        d = FloatVector.fromArray(SP, e4, l).fma(c4, d);
        d = FloatVector.fromArray(SP, e5, l).fma(c5, d);
        d = FloatVector.fromArray(SP, e6, l).fma(c6, d);
        d = FloatVector.fromArray(SP, e7, l).fma(c7, d);
        d = d.mul(one.sub(h.mul(h)));
        d.intoArray(dz, l);
        d.add(FloatVector.fromArray(SP, dq, l)).intoArray(dq, l);
        d.add(FloatVector.fromArray(SP, dp, at)).intoArray(dp, at);
        at += VL;
        if (at == period) {
          at = 0;
        }
      }
    }
  }

  /** Adds {@code Uw^T d z} at the vector of lanes l to {@code dw}, unit by unit in order. */
  private void synapseBackward(float[][] dw, int l) {
    FloatVector dw0 = FloatVector.fromArray(SP, comp(dw, 0), l);
    FloatVector dw1 = FloatVector.fromArray(SP, comp(dw, 1), l);
    FloatVector dw2 = FloatVector.fromArray(SP, comp(dw, 2), l);
    FloatVector dw3 = FloatVector.fromArray(SP, comp(dw, 3), l);
    for (int k = 0; k < hs; k++) {
      FloatVector dz = FloatVector.fromArray(SP, dHidden[k], l);
      int u = k * MAX_S;
      dw0 = dz.fma(bc(uw4[u]), dw0);
      dw1 = dz.fma(bc(uw4[u + 1]), dw1);
      dw2 = dz.fma(bc(uw4[u + 2]), dw2);
      dw3 = dz.fma(bc(uw4[u + 3]), dw3);
    }
    dw0.intoArray(dw[0], l);
    dw1.intoArray(sink(dw, 1), l);
    dw2.intoArray(sink(dw, 2), l);
    dw3.intoArray(sink(dw, 3), l);
  }

  /** Adds {@code sum_l e_o[l] z_k[l]} (lane-wise) to the U2 gradient of hidden unit k. */
  private void gradU2(float[][] e, int k, int len) {
    // The sums start from the window's, not from zero: loads, where adding a chunk's sums at the
    // end would take eight more vector additions than C2's inlining budget for this method allows
    // (NodeCountInliningCutoff; the vectors are then boxed).
    float[] acc = accU2;
    FloatVector a0 = FloatVector.fromArray(SP, acc, k * VL);
    FloatVector a1 = FloatVector.fromArray(SP, acc, (hs + k) * VL);
    FloatVector a2 = FloatVector.fromArray(SP, acc, (2 * hs + k) * VL);
    FloatVector a3 = FloatVector.fromArray(SP, acc, (3 * hs + k) * VL);
    FloatVector a4 = FloatVector.fromArray(SP, acc, (4 * hs + k) * VL);
    FloatVector a5 = FloatVector.fromArray(SP, acc, (5 * hs + k) * VL);
    FloatVector a6 = FloatVector.fromArray(SP, acc, (6 * hs + k) * VL);
    FloatVector a7 = FloatVector.fromArray(SP, acc, (7 * hs + k) * VL);
    float[] hk = hidden[k];
    for (int l = 0; l < len; l += VL) {
      FloatVector h = FloatVector.fromArray(SP, hk, l);
      a0 = FloatVector.fromArray(SP, e[0], l).fma(h, a0);
      a1 = FloatVector.fromArray(SP, e[1], l).fma(h, a1);
      a2 = FloatVector.fromArray(SP, e[2], l).fma(h, a2);
      a3 = FloatVector.fromArray(SP, e[3], l).fma(h, a3);
      a4 = FloatVector.fromArray(SP, e[4], l).fma(h, a4);
      a5 = FloatVector.fromArray(SP, e[5], l).fma(h, a5);
      a6 = FloatVector.fromArray(SP, e[6], l).fma(h, a6);
      a7 = FloatVector.fromArray(SP, e[7], l).fma(h, a7);
    }
    a0.intoArray(acc, k * VL);
    a1.intoArray(acc, (hs + k) * VL);
    a2.intoArray(acc, (2 * hs + k) * VL);
    a3.intoArray(acc, (3 * hs + k) * VL);
    a4.intoArray(acc, (4 * hs + k) * VL);
    a5.intoArray(acc, (5 * hs + k) * VL);
    a6.intoArray(acc, (6 * hs + k) * VL);
    a7.intoArray(acc, (7 * hs + k) * VL);
  }

  /**
   * {@link #gradU2} for the units k and k + 1 at once: each load of an output gradient serves both
   * (loads bound that loop).
   */
  private void gradU2Pair(float[][] e, int k, int len) {
    float[] acc = accU2;
    int j = k + 1;
    FloatVector a0 = FloatVector.fromArray(SP, acc, k * VL);
    FloatVector a1 = FloatVector.fromArray(SP, acc, (hs + k) * VL);
    FloatVector a2 = FloatVector.fromArray(SP, acc, (2 * hs + k) * VL);
    FloatVector a3 = FloatVector.fromArray(SP, acc, (3 * hs + k) * VL);
    FloatVector a4 = FloatVector.fromArray(SP, acc, (4 * hs + k) * VL);
    FloatVector a5 = FloatVector.fromArray(SP, acc, (5 * hs + k) * VL);
    FloatVector a6 = FloatVector.fromArray(SP, acc, (6 * hs + k) * VL);
    FloatVector a7 = FloatVector.fromArray(SP, acc, (7 * hs + k) * VL);
    FloatVector b0 = FloatVector.fromArray(SP, acc, j * VL);
    FloatVector b1 = FloatVector.fromArray(SP, acc, (hs + j) * VL);
    FloatVector b2 = FloatVector.fromArray(SP, acc, (2 * hs + j) * VL);
    FloatVector b3 = FloatVector.fromArray(SP, acc, (3 * hs + j) * VL);
    FloatVector b4 = FloatVector.fromArray(SP, acc, (4 * hs + j) * VL);
    FloatVector b5 = FloatVector.fromArray(SP, acc, (5 * hs + j) * VL);
    FloatVector b6 = FloatVector.fromArray(SP, acc, (6 * hs + j) * VL);
    FloatVector b7 = FloatVector.fromArray(SP, acc, (7 * hs + j) * VL);
    float[] hk = hidden[k];
    float[] hj = hidden[j];
    for (int l = 0; l < len; l += VL) {
      FloatVector h = FloatVector.fromArray(SP, hk, l);
      FloatVector g = FloatVector.fromArray(SP, hj, l);
      FloatVector v = FloatVector.fromArray(SP, e[0], l);
      a0 = v.fma(h, a0);
      b0 = v.fma(g, b0);
      v = FloatVector.fromArray(SP, e[1], l);
      a1 = v.fma(h, a1);
      b1 = v.fma(g, b1);
      v = FloatVector.fromArray(SP, e[2], l);
      a2 = v.fma(h, a2);
      b2 = v.fma(g, b2);
      v = FloatVector.fromArray(SP, e[3], l);
      a3 = v.fma(h, a3);
      b3 = v.fma(g, b3);
      v = FloatVector.fromArray(SP, e[4], l);
      a4 = v.fma(h, a4);
      b4 = v.fma(g, b4);
      v = FloatVector.fromArray(SP, e[5], l);
      a5 = v.fma(h, a5);
      b5 = v.fma(g, b5);
      v = FloatVector.fromArray(SP, e[6], l);
      a6 = v.fma(h, a6);
      b6 = v.fma(g, b6);
      v = FloatVector.fromArray(SP, e[7], l);
      a7 = v.fma(h, a7);
      b7 = v.fma(g, b7);
    }
    a0.intoArray(acc, k * VL);
    a1.intoArray(acc, (hs + k) * VL);
    a2.intoArray(acc, (2 * hs + k) * VL);
    a3.intoArray(acc, (3 * hs + k) * VL);
    a4.intoArray(acc, (4 * hs + k) * VL);
    a5.intoArray(acc, (5 * hs + k) * VL);
    a6.intoArray(acc, (6 * hs + k) * VL);
    a7.intoArray(acc, (7 * hs + k) * VL);
    b0.intoArray(acc, j * VL);
    b1.intoArray(acc, (hs + j) * VL);
    b2.intoArray(acc, (2 * hs + j) * VL);
    b3.intoArray(acc, (3 * hs + j) * VL);
    b4.intoArray(acc, (4 * hs + j) * VL);
    b5.intoArray(acc, (5 * hs + j) * VL);
    b6.intoArray(acc, (6 * hs + j) * VL);
    b7.intoArray(acc, (7 * hs + j) * VL);
  }

  /**
   * {@link #gradUw} for the units k and k + 1 at once: each load of w serves both (loads bound that
   * loop).
   */
  private void gradUwPair(float[][] w, int k, int len) {
    int u = k * MAX_S * VL;
    int v = u + MAX_S * VL;
    float[] acc = accUw;
    FloatVector a0 = FloatVector.fromArray(SP, acc, u);
    FloatVector a1 = FloatVector.fromArray(SP, acc, u + VL);
    FloatVector a2 = FloatVector.fromArray(SP, acc, u + 2 * VL);
    FloatVector a3 = FloatVector.fromArray(SP, acc, u + 3 * VL);
    FloatVector b0 = FloatVector.fromArray(SP, acc, v);
    FloatVector b1 = FloatVector.fromArray(SP, acc, v + VL);
    FloatVector b2 = FloatVector.fromArray(SP, acc, v + 2 * VL);
    FloatVector b3 = FloatVector.fromArray(SP, acc, v + 3 * VL);
    float[] dzk = dHidden[k];
    float[] dzj = dHidden[k + 1];
    float[] w0 = comp(w, 0);
    float[] w1 = comp(w, 1);
    float[] w2 = comp(w, 2);
    float[] w3 = comp(w, 3);
    for (int l = 0; l < len; l += VL) {
      FloatVector dz = FloatVector.fromArray(SP, dzk, l);
      FloatVector dy = FloatVector.fromArray(SP, dzj, l);
      FloatVector x = FloatVector.fromArray(SP, w0, l);
      a0 = x.fma(dz, a0);
      b0 = x.fma(dy, b0);
      x = FloatVector.fromArray(SP, w1, l);
      a1 = x.fma(dz, a1);
      b1 = x.fma(dy, b1);
      x = FloatVector.fromArray(SP, w2, l);
      a2 = x.fma(dz, a2);
      b2 = x.fma(dy, b2);
      x = FloatVector.fromArray(SP, w3, l);
      a3 = x.fma(dz, a3);
      b3 = x.fma(dy, b3);
    }
    a0.intoArray(acc, u);
    a1.intoArray(acc, u + VL);
    a2.intoArray(acc, u + 2 * VL);
    a3.intoArray(acc, u + 3 * VL);
    b0.intoArray(acc, v);
    b1.intoArray(acc, v + VL);
    b2.intoArray(acc, v + 2 * VL);
    b3.intoArray(acc, v + 3 * VL);
  }

  /** Adds {@code sum_l d z_k[l] w_i[l]} (lane-wise) to the Uw gradient of hidden unit k. */
  private void gradUw(float[][] w, int k, int len) {
    int u = k * MAX_S * VL;
    float[] acc = accUw;
    FloatVector a0 = FloatVector.fromArray(SP, acc, u);
    FloatVector a1 = FloatVector.fromArray(SP, acc, u + VL);
    FloatVector a2 = FloatVector.fromArray(SP, acc, u + 2 * VL);
    FloatVector a3 = FloatVector.fromArray(SP, acc, u + 3 * VL);
    float[] dzk = dHidden[k];
    float[] w0 = comp(w, 0);
    float[] w1 = comp(w, 1);
    float[] w2 = comp(w, 2);
    float[] w3 = comp(w, 3);
    for (int l = 0; l < len; l += VL) {
      FloatVector dz = FloatVector.fromArray(SP, dzk, l);
      a0 = FloatVector.fromArray(SP, w0, l).fma(dz, a0);
      a1 = FloatVector.fromArray(SP, w1, l).fma(dz, a1);
      a2 = FloatVector.fromArray(SP, w2, l).fma(dz, a2);
      a3 = FloatVector.fromArray(SP, w3, l).fma(dz, a3);
    }
    a0.intoArray(acc, u);
    a1.intoArray(acc, u + VL);
    a2.intoArray(acc, u + 2 * VL);
    a3.intoArray(acc, u + 3 * VL);
  }

  /**
   * {@link FloatLaneKernel#messageRow} with the sums of two alpha at a time held in registers over
   * all the row's chunks, lane vector by lane vector: each load of w serves both, and the sums are
   * stored once per row, not loaded and stored once per chunk. The same fused multiply-adds, in the
   * same order (ascending chunks, from zero), as the plain kernel.
   */
  @Override
  void messageRow(float[][][] state, float[][][] x, int r) {
    int chunks = lay.chunks();
    int base = r * chunks;
    int count = 0;
    for (int c = 0; c < chunks; c++) {
      if (state[base + c] != null) {
        rowChunks[count++] = c;
      }
    }
    // Only the last chunk can be shorter than the width; it is last in the list, so leaving it out
    // where its lanes end keeps the order of the others.
    int last = chunks - 1;
    boolean shortLast = count > 0 && rowChunks[count - 1] == last && lay.length(last) < width;
    int lastEnds = lay.length(last);
    int al = 0;
    for (; al + 2 <= a; al += 2) {
      for (int l = 0; l < width; l += VL) {
        messagePair(state, x, base, shortLast && l >= lastEnds ? count - 1 : count, al, l);
      }
    }
    for (; al < a; al++) {
      for (int l = 0; l < width; l += VL) {
        messageOne(state, x, base, shortLast && l >= lastEnds ? count - 1 : count, al, l);
      }
    }
  }

  /** The sums of alpha and alpha + 1 at the lanes l over the row's first {@code count} chunks. */
  private void messagePair(float[][][] state, float[][][] x, int base, int count, int al, int l) {
    FloatVector p0 = FloatVector.zero(SP);
    FloatVector p1 = p0, p2 = p0, p3 = p0, q0 = p0, q1 = p0, q2 = p0, q3 = p0;
    for (int t = 0; t < count; t++) {
      int c = rowChunks[t];
      float[][] w = state[base + c];
      float[][] xc = x[c];
      FloatVector x0 = FloatVector.fromArray(SP, xc[al], l);
      FloatVector x1 = FloatVector.fromArray(SP, xc[al + 1], l);
      FloatVector w0 = FloatVector.fromArray(SP, comp(w, 0), l);
      p0 = w0.fma(x0, p0);
      q0 = w0.fma(x1, q0);
      FloatVector w1 = FloatVector.fromArray(SP, comp(w, 1), l);
      p1 = w1.fma(x0, p1);
      q1 = w1.fma(x1, q1);
      FloatVector w2 = FloatVector.fromArray(SP, comp(w, 2), l);
      p2 = w2.fma(x0, p2);
      q2 = w2.fma(x1, q2);
      FloatVector w3 = FloatVector.fromArray(SP, comp(w, 3), l);
      p3 = w3.fma(x0, p3);
      q3 = w3.fma(x1, q3);
    }
    p0.intoArray(rowPart[al], l);
    q0.intoArray(rowPart[al + 1], l);
    p1.intoArray(messageSink(1, al), l);
    q1.intoArray(messageSink(1, al + 1), l);
    p2.intoArray(messageSink(2, al), l);
    q2.intoArray(messageSink(2, al + 1), l);
    p3.intoArray(messageSink(3, al), l);
    q3.intoArray(messageSink(3, al + 1), l);
  }

  /** The sums of alpha alone (the last of an odd A), as {@link #messagePair}. */
  private void messageOne(float[][][] state, float[][][] x, int base, int count, int al, int l) {
    FloatVector p0 = FloatVector.zero(SP);
    FloatVector p1 = p0, p2 = p0, p3 = p0;
    for (int t = 0; t < count; t++) {
      int c = rowChunks[t];
      float[][] w = state[base + c];
      FloatVector x0 = FloatVector.fromArray(SP, x[c][al], l);
      p0 = FloatVector.fromArray(SP, comp(w, 0), l).fma(x0, p0);
      p1 = FloatVector.fromArray(SP, comp(w, 1), l).fma(x0, p1);
      p2 = FloatVector.fromArray(SP, comp(w, 2), l).fma(x0, p2);
      p3 = FloatVector.fromArray(SP, comp(w, 3), l).fma(x0, p3);
    }
    p0.intoArray(rowPart[al], l);
    p1.intoArray(messageSink(1, al), l);
    p2.intoArray(messageSink(2, al), l);
    p3.intoArray(messageSink(3, al), l);
  }

  /** Where the sum of component i and alpha goes: its row part, or a scratch row beyond S. */
  private float[] messageSink(int i, int al) {
    return i < s ? rowPart[i * a + al] : discarded;
  }

  @Override
  void messageBackChunk(float[][] w, float[][] dw, float[][] x, float[][] da, int len) {
    for (int l = 0; l < len; l += VL) {
      messageBack(w, dw, x, da, l);
    }
  }

  /**
   * {@link FloatLaneKernel#messageBackChunk} at the lanes l, with d w in registers: the same
   * multiply-adds in the same order per lane.
   */
  private void messageBack(float[][] w, float[][] dw, float[][] x, float[][] da, int l) {
    FloatVector w0 = FloatVector.fromArray(SP, comp(w, 0), l);
    FloatVector w1 = FloatVector.fromArray(SP, comp(w, 1), l);
    FloatVector w2 = FloatVector.fromArray(SP, comp(w, 2), l);
    FloatVector w3 = FloatVector.fromArray(SP, comp(w, 3), l);
    FloatVector dw0 = FloatVector.fromArray(SP, comp(dw, 0), l);
    FloatVector dw1 = FloatVector.fromArray(SP, comp(dw, 1), l);
    FloatVector dw2 = FloatVector.fromArray(SP, comp(dw, 2), l);
    FloatVector dw3 = FloatVector.fromArray(SP, comp(dw, 3), l);
    for (int al = 0; al < a; al++) {
      FloatVector xa = FloatVector.fromArray(SP, x[al], l);
      FloatVector e0 = FloatVector.fromArray(SP, dz(0, al), l);
      FloatVector e1 = FloatVector.fromArray(SP, dz(1, al), l);
      FloatVector e2 = FloatVector.fromArray(SP, dz(2, al), l);
      FloatVector e3 = FloatVector.fromArray(SP, dz(3, al), l);
      dw0 = e0.fma(xa, dw0);
      dw1 = e1.fma(xa, dw1);
      dw2 = e2.fma(xa, dw2);
      dw3 = e3.fma(xa, dw3);
      FloatVector d = FloatVector.fromArray(SP, da[al], l);
      d = e0.fma(w0, d);
      d = e1.fma(w1, d);
      d = e2.fma(w2, d);
      d = e3.fma(w3, d);
      d.intoArray(da[al], l);
    }
    dw0.intoArray(dw[0], l);
    dw1.intoArray(sink(dw, 1), l);
    dw2.intoArray(sink(dw, 2), l);
    dw3.intoArray(sink(dw, 3), l);
  }

  /** Component i of per-component lanes to write, or a scratch row that nothing reads beyond S. */
  private float[] sink(float[][] v, int i) {
    return i < v.length ? v[i] : discarded;
  }

  /** The row's d Z[k, alpha] lanes, or zeros beyond S. */
  private float[] dz(int k, int al) {
    return k < s ? rowPart[k * a + al] : zeros;
  }

  /**
   * {@link FloatLaneKernel#foldRow} with each block of B's sums in one vector of doubles across the
   * periods: the same additions, in the same order, as the plain loop (which HotSpot runs one
   * period at a time, storing and reloading the sums, because B is not a compile-time constant).
   * The lanes are first widened to doubles in a plain loop, which HotSpot vectorises: JDK 17's C2
   * does not intrinsify the Vector API's float-to-double conversion between shapes, and boxes it.
   */
  @Override
  void foldRow(float[][] lanes, double[] perRow, int r, int count) {
    int dl = DSP.length();
    if (batch % dl != 0 || width % batch != 0) {
      super.foldRow(lanes, perRow, r, count);
      return;
    }
    double[] wide = foldWide;
    int stride = (rowIndex(1, r) - rowIndex(0, r)) * count;
    for (int q = 0; q < count; q++) {
      float[] l = lanes[q];
      for (int i = 0; i < width; i++) {
        wide[i] = l[i];
      }
      for (int b0 = 0; b0 < batch; b0 += dl) {
        DoubleVector acc = DoubleVector.zero(DSP);
        for (int i = b0; i < width; i += batch) {
          acc = acc.add(DoubleVector.fromArray(DSP, wide, i));
        }
        acc.intoArray(foldBlock, 0);
        int at = rowIndex(b0, r) * count + q;
        for (int b = 0; b < dl; b++) {
          perRow[at + b * stride] = foldBlock[b];
        }
      }
    }
  }

  /** Whether this kernel sums d P by lane modulo a period (see {@link #periodSums}). */
  boolean sumsByPeriod() {
    return sumPeriod > 0;
  }

  @Override
  void clearRowSums() {
    if (sumPeriod == 0) {
      super.clearRowSums();
      return;
    }
    for (float[] lanes : periodSums) {
      Arrays.fill(lanes, 0);
    }
  }

  /**
   * {@link FloatLaneKernel#foldRowSums} from the sums by lane modulo the period: a lane's b is its
   * index modulo B. The d P of a row is summed in another order than the plain kernel's (all its
   * chunks' lanes of one residue in float, then the residues of one b in double), which only
   * rounding tells apart.
   */
  @Override
  void foldRowSums(double[] dPost, int r) {
    if (sumPeriod == 0) {
      super.foldRowSums(dPost, r);
      return;
    }
    for (int k = 0; k < hs; k++) {
      float[] lanes = periodSums[k];
      for (int b = 0; b < batch; b++) {
        double sum = 0;
        for (int i = b; i < sumPeriod; i += batch) {
          sum += lanes[i];
        }
        dPost[rowIndex(b, r) * hs + k] = sum;
      }
    }
  }

  /** Adds the chunk's d c and d g ({@code e}) to the d2 gradient, a vector's width at a time. */
  private void addOutputGradients(float[][] e, int len) {
    for (int o = 0; o < 2 * MAX_S; o++) {
      float[] eo = e[o];
      FloatVector acc = FloatVector.fromArray(SP, accD2, o * VL);
      for (int l = 0; l < len; l += VL) {
        acc = acc.add(FloatVector.fromArray(SP, eo, l));
      }
      acc.intoArray(accD2, o * VL);
    }
  }

  private float[][] scratchOut8;

  /** Eight output rows of a chunk's width (the plain kernel's scratch has only 2S). */
  private float[][] scratchOut8() {
    if (scratchOut8 == null) {
      scratchOut8 = new float[2 * MAX_S][hidden[0].length];
    }
    return scratchOut8;
  }

  @Override
  void addParameterGradients(double[] dUw, double[] dU2, double[] dD2) {
    for (int k = 0; k < hs; k++) {
      for (int i = 0; i < s; i++) {
        dUw[k * s + i] += laneSum(accUw, k * MAX_S + i);
        dU2[i * hs + k] += laneSum(accU2, i * hs + k);
        dU2[(s + i) * hs + k] += laneSum(accU2, (MAX_S + i) * hs + k);
      }
    }
    for (int i = 0; i < s; i++) {
      dD2[i] += laneSum(accD2, i);
      dD2[s + i] += laneSum(accD2, MAX_S + i);
    }
  }

  private static double laneSum(float[] acc, int index) {
    double sum = 0;
    for (int v = 0; v < VL; v++) {
      sum += acc[index * VL + v];
    }
    return sum;
  }
}
