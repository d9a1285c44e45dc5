package org.engram.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Floating-point precision of states and meta-parameters: float32 to train, float64 to check. */
public enum Precision {
  FLOAT32("float32"),
  FLOAT64("float64");

  private final String label;

  Precision(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  @JsonCreator
  public static Precision fromLabel(String label) {
    for (Precision p : values()) {
      if (p.label.equals(label)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "dtype must be one of [float32, float64], got '" + label + "'");
  }
}
