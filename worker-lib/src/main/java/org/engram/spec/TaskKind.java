package org.engram.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The remembering task families (MODEL.md section 5). */
public enum TaskKind {
  /** Store a pattern, recall it from a partly masked copy. */
  AUTOASSOC,
  /** Store a key-value pair, recall the value from the key. */
  HETEROASSOC,
  /** Store a sequence of frames, recall the rest from the first frame. */
  SEQUENCE;

  /** The name used in configs, JSON and tables. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a label such as {@code "autoassoc"}; the error lists the valid labels. */
  @JsonCreator
  public static TaskKind fromLabel(String label) {
    for (TaskKind t : values()) {
      if (t.label().equals(label)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "task kind must be one of [autoassoc, heteroassoc, sequence], got '" + label + "'");
  }
}
