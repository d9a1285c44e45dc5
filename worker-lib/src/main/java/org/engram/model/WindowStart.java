package org.engram.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state of B lifetimes at the start of a window (MODEL.md section 5). A lifetime born at this
 * window starts from its birth state, {@code a = 0} and {@code w = C (w0 + sigma_w eps)}, through
 * which the gradient reaches {@code w0}; the others carry the state of their previous window, a
 * constant (the gradient is stopped at the window boundary).
 *
 * <p>Synapse arrays hold only the receiving rows: {@code [B, R, N, S]}, row r = neuron {@code D + 2
 * + r}, column = pre-synaptic neuron.
 *
 * @param activations {@code [B, N, A]} carried activations (rows of born lifetimes are ignored)
 * @param synapses {@code [B, R, N, S]} carried synapses, or null if every lifetime is born now
 *     (frozen synapses never carry theirs: they are rebuilt from the birth noise)
 * @param birthNoise {@code [B, R, N, S]} eps ~ N(0, 1) of each lifetime's current life
 * @param born which lifetimes start from a birth state at this window
 */
public record WindowStart(
    INDArray activations, INDArray synapses, INDArray birthNoise, boolean[] born) {

  public WindowStart {
    born = born.clone();
    if (activations.size(0) != born.length || birthNoise.size(0) != born.length) {
      throw new IllegalArgumentException(
          "activations and birthNoise must have B = " + born.length + " rows");
    }
  }

  @Override
  public boolean[] born() {
    return born.clone();
  }

  boolean bornAt(int b) {
    return born[b];
  }

  int batch() {
    return born.length;
  }
}
