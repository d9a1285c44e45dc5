package org.engram.model;

import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector kernels' small functions of whole vectors: a broadcast, tanh and the sigmoid. They
 * take or return {@link FloatVector}s, so each must be inlined where it is called; a call that C2
 * leaves out of line gets its vectors boxed as objects on the heap. C2 decides that by its own
 * rules, which these functions sit at the edge of: {@link #tanh2} (287 bytes of bytecode) is near
 * the size C2 inlines at hot call sites ({@code FreqInlineSize}, 325 bytes; in the kernel, before
 * this class, it was 360 and was not inlined), and a kernel method whose compiled graph has grown
 * past {@code NodeCountInliningCutoff} stops inlining even small callees, depending on the run's
 * profile. Measured on the Zen 3 VM (JDK 17.0.15, 2026-11-27): left to those rules, the hidden
 * layer boxed two vectors per pair of lanes, 770 MB per default window, and a window took 514-517
 * ms of the kernel; with {@code tanh2} inlined by a compile command, 23 MB and 339-410 ms.
 *
 * <p>So every JVM that runs the kernels gets {@link VectorSupport#INLINING}, which tells C2 to
 * inline every method of this class ({@code bin/engram}, the tests, Engram's executors, {@code
 * deploy/spark-submit.sh}), and this class holds only what should be. {@code
 * VectorKernelTest.aTrainingWindowBoxesNoVectorsOnceCompiled} checks it.
 */
final class VectorMath {
  private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;

  private VectorMath() {}

  /** c in every lane. */
  static FloatVector bc(float c) {
    return FloatVector.broadcast(SP, c);
  }

  // tanh's coefficients as vector constants: a broadcast per use costs C2 far more IR nodes, which
  // counts against its inlining budget (see VectorFloatLaneKernel#forward).
  private static final FloatVector P0 = FloatVector.broadcast(SP, -2.76076847742355e-16f);
  private static final FloatVector P1 = FloatVector.broadcast(SP, 2.00018790482477e-13f);
  private static final FloatVector P2 = FloatVector.broadcast(SP, -8.60467152213735e-11f);
  private static final FloatVector P3 = FloatVector.broadcast(SP, 5.12229709037114e-08f);
  private static final FloatVector P4 = FloatVector.broadcast(SP, 1.48572235717979e-05f);
  private static final FloatVector P5 = FloatVector.broadcast(SP, 6.37261928875436e-04f);
  private static final FloatVector P6 = FloatVector.broadcast(SP, 4.89352455891786e-03f);
  private static final FloatVector Q0 = FloatVector.broadcast(SP, 1.19825839466702e-06f);
  private static final FloatVector Q1 = FloatVector.broadcast(SP, 1.18534705686654e-04f);
  private static final FloatVector Q2 = FloatVector.broadcast(SP, 2.26843463243900e-03f);
  private static final FloatVector Q3 = FloatVector.broadcast(SP, 4.89352518554385e-03f);
  private static final FloatVector CLAMP = FloatVector.broadcast(SP, Tanh.FLOAT_CLAMP);
  private static final FloatVector MINUS_CLAMP = FloatVector.broadcast(SP, -Tanh.FLOAT_CLAMP);
  static final FloatVector HALF = FloatVector.broadcast(SP, 0.5f);
  static final FloatVector ONE = FloatVector.broadcast(SP, 1f);

  /**
   * x limited to [-{@link Tanh#FLOAT_CLAMP}, {@link Tanh#FLOAT_CLAMP}], as {@code Math.max(-C,
   * Math.min(C, x))} gives it (NaN stays NaN, -0 stays -0), by a comparison and a blend per side.
   * Not {@code x.max(-C).min(C)}: C2 compiles the Vector API's max and min with Java's rules for
   * NaN and -0 into five instructions each (three blends, a max or min and an unordered compare),
   * which made the clamp about 40% of a tanh's instructions; with two each a tanh took 28% less
   * time on the Zen 3 VM (14.5 against 20.2 ns per lane of a chunk's hidden layer, 27 Nov).
   */
  static FloatVector clamp(FloatVector x) {
    FloatVector c = x.blend(CLAMP, x.compare(GT, CLAMP));
    return c.blend(MINUS_CLAMP, c.compare(LT, MINUS_CLAMP));
  }

  /** The plain kernel's float tanh ({@link Tanh#tanh(float)}), one vector at a time. */
  static FloatVector tanh(FloatVector x) {
    FloatVector c = clamp(x);
    FloatVector x2 = c.mul(c);
    FloatVector p = P0.fma(x2, P1);
    p = p.fma(x2, P2);
    p = p.fma(x2, P3);
    p = p.fma(x2, P4);
    p = p.fma(x2, P5);
    p = p.fma(x2, P6);
    FloatVector q = Q0.fma(x2, Q1);
    q = q.fma(x2, Q2);
    q = q.fma(x2, Q3);
    return p.mul(c).div(q);
  }

  /**
   * {@link #tanh} of x and y, their chains interleaved, into {@code zx[l..]} and {@code zy[l..]}.
   * C2 emits program order, and the processor's scheduler does not reach far enough ahead to
   * overlap a whole next tanh by itself (270-278 against 299-310 ms per default meta-update,
   * measured interleaved).
   */
  static void tanh2(FloatVector x, FloatVector y, float[] zx, float[] zy, int l) {
    FloatVector c = clamp(x);
    FloatVector d = clamp(y);
    FloatVector x2 = c.mul(c);
    FloatVector y2 = d.mul(d);
    FloatVector p = P0.fma(x2, P1);
    FloatVector r = P0.fma(y2, P1);
    FloatVector q = Q0.fma(x2, Q1);
    FloatVector t = Q0.fma(y2, Q1);
    p = p.fma(x2, P2);
    r = r.fma(y2, P2);
    q = q.fma(x2, Q2);
    t = t.fma(y2, Q2);
    p = p.fma(x2, P3);
    r = r.fma(y2, P3);
    q = q.fma(x2, Q3);
    t = t.fma(y2, Q3);
    p = p.fma(x2, P4);
    r = r.fma(y2, P4);
    p = p.fma(x2, P5);
    r = r.fma(y2, P5);
    p = p.fma(x2, P6);
    r = r.fma(y2, P6);
    p.mul(c).div(q).intoArray(zx, l);
    r.mul(d).div(t).intoArray(zy, l);
  }

  /** {@link Tanh#sigmoid(float)}, one vector at a time. */
  static FloatVector sigmoid(FloatVector x) {
    return tanh(x.mul(HALF)).mul(HALF).add(HALF); // not an fma: the plain kernel rounds twice
  }
}
