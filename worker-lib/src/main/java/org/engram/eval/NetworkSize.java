package org.engram.eval;

import org.engram.model.NetworkStructure;
import org.engram.spec.NetworkSpec;

/**
 * The sizes that normalise the memory figures of MODEL.md section 7.
 *
 * @param neurons N, all neurons (section 10.6)
 * @param synapses synapses in the mask
 * @param synapseSize S actually used (1 for {@code scalar-synapse} and {@code hebbian})
 */
public record NetworkSize(int neurons, int synapses, int synapseSize) {

  public NetworkSize {
    if (neurons < 1) {
      throw new IllegalArgumentException("neurons must be >= 1, got " + neurons);
    }
    if (synapses < 1) {
      throw new IllegalArgumentException("synapses must be >= 1, got " + synapses);
    }
    if (synapseSize < 1) {
      throw new IllegalArgumentException("network.synapseSize must be >= 1, got " + synapseSize);
    }
  }

  /** The sizes of a built network. */
  public static NetworkSize of(NetworkStructure structure, NetworkSpec spec) {
    return new NetworkSize(
        structure.neuronCount(), structure.synapseCount(), spec.effectiveSynapseSize());
  }
}
