package org.engram.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A network type: a named set of switches on the full model, or one of the baselines outside the
 * family (MODEL.md section 4). The names are stable labels for tables and plots.
 */
public enum NetworkType {
  /** Vector synapses updated by the learned synapse rule: the full model. */
  PLASTIC("plastic"),
  /** The full model with synapse state size S = 1. */
  SCALAR_SYNAPSE("scalar-synapse"),
  /** The synapse rule never runs: w = C * (w0 + sigma_w * eps) at every step. */
  FROZEN_SYNAPSES("frozen-synapses"),
  /** The synapse rule is w' = (1 - lambda) w + eta a'_i[0] a_j[0], S = 1, learned scalars. */
  HEBBIAN("hebbian"),
  /** One shared embedding for every neuron. */
  UNTYPED("untyped"),
  /** Baseline: an LSTM whose parameter count matches the plastic network's theta. */
  LSTM("lstm"),
  /** Baseline: an LSTM whose state count (h and c) matches the plastic network's state count. */
  LSTM_STATE("lstm-state"),
  /** Baseline: the analytic outer-product auto-associative memory with sign-iteration recall. */
  HOPFIELD("hopfield"),
  /** Baseline: a linear associator written by one delta-rule step per snippet, learned eta. */
  DELTA_RULE("delta-rule");

  private final String label;

  NetworkType(String label) {
    this.label = label;
  }

  /** The name used in configs, JSON and tables. */
  @JsonValue
  public String label() {
    return label;
  }

  /**
   * Whether this is a baseline outside the engram family (MODEL.md section 4): it runs on the same
   * tasks, loss and metrics, but is not an {@code EngramNetwork}.
   */
  public boolean isBaseline() {
    return this == LSTM || this == LSTM_STATE || this == HOPFIELD || this == DELTA_RULE;
  }

  /** Whether the learned synapse rule F_s updates the synapses. */
  public boolean hasLearnedSynapseRule() {
    return this == PLASTIC || this == SCALAR_SYNAPSE || this == UNTYPED;
  }

  /** Whether every synapse state is a scalar (S = 1) whatever the configured S. */
  public boolean forcesScalarSynapse() {
    return this == SCALAR_SYNAPSE || this == HEBBIAN;
  }

  /** Parses a label such as {@code "frozen-synapses"}; the error lists the valid labels. */
  @JsonCreator
  public static NetworkType fromLabel(String label) {
    for (NetworkType t : values()) {
      if (t.label.equals(label)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "network type must be one of " + labels(values()) + ", got '" + label + "'");
  }

  static String labels(Enum<?>[] values) {
    return Arrays.stream(values)
        .map(v -> v instanceof NetworkType t ? t.label : v.name().toLowerCase())
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
