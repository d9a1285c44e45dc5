package org.engram.driver.grid;

import java.util.List;

/**
 * One grid axis: a spec key and the values it takes, in the order given.
 *
 * @param key a spec key such as {@code network.type} or {@code seed}
 * @param values typed values (as {@link SpecFields#build} takes them), at least one
 */
public record Axis(String key, List<Object> values) {

  public Axis {
    if (SpecFields.byKey(key).isEmpty()) {
      throw new IllegalArgumentException("grid axis must be a spec key, got '" + key + "'");
    }
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("grid." + key + " must list at least one value");
    }
    values = List.copyOf(values);
  }
}
