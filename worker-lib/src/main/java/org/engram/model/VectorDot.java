package org.engram.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LearnedSynapses#dot} with the Vector API: the per-neuron parts take a dot product of
 * length S*A or Hs per neuron, lifetime and component, and HotSpot leaves a plain loop's reduction
 * scalar. Two vector chains of fused multiply-adds, then a lane reduction, so the sum is rounded in
 * another order than the plain loop's (to float rounding, as {@link VectorSupport#kernel} says).
 * Loaded only when the JVM has the Vector API.
 */
final class VectorDot {
  private static final VectorSpecies<Double> SP = DoubleVector.SPECIES_PREFERRED;
  private static final int VL = SP.length();

  private VectorDot() {}

  static double dot(double[] x, double[] y) {
    int n = x.length;
    DoubleVector s0 = DoubleVector.zero(SP);
    DoubleVector s1 = s0;
    int k = 0;
    for (; k + 2 * VL <= n; k += 2 * VL) {
      s0 = DoubleVector.fromArray(SP, x, k).fma(DoubleVector.fromArray(SP, y, k), s0);
      s1 = DoubleVector.fromArray(SP, x, k + VL).fma(DoubleVector.fromArray(SP, y, k + VL), s1);
    }
    if (k + VL <= n) {
      s0 = DoubleVector.fromArray(SP, x, k).fma(DoubleVector.fromArray(SP, y, k), s0);
      k += VL;
    }
    double sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; k < n; k++) {
      sum = Math.fma(x[k], y[k], sum);
    }
    return sum;
  }
}
