package org.engram.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which synapses exist (MODEL.md section 2). */
public enum Topology {
  /** Every neuron to every neuron that is not an input or control neuron, no self-synapses. */
  DENSE,
  /** Input/control to hidden, hidden to hidden, hidden to output, output to hidden. */
  LAYERED,
  /** Dense, each synapse kept with probability {@code network.density}. */
  SPARSE;

  /** The name used in configs, JSON and tables. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a label such as {@code "dense"}; the error lists the valid labels. */
  @JsonCreator
  public static Topology fromLabel(String label) {
    for (Topology t : values()) {
      if (t.label().equals(label)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "topology must be one of [dense, layered, sparse], got '" + label + "'");
  }
}
