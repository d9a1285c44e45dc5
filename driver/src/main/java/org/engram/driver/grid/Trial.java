package org.engram.driver.grid;

import java.util.Map;
import org.engram.spec.TrialSpec;

/**
 * One point of a grid.
 *
 * @param id the content id: see {@link TrialIds}
 * @param index the position in the grid's fixed order (0-based)
 * @param spec the trial's spec
 * @param specJson the spec's canonical JSON
 * @param point the grid axes' values at this point, by key, in axis order (for labels)
 */
public record Trial(
    String id, int index, TrialSpec spec, String specJson, Map<String, Object> point) {

  public Trial {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("trial id must not be blank, got '" + id + "'");
    }
    if (index < 0) {
      throw new IllegalArgumentException("trial index must be >= 0, got " + index);
    }
    point = Map.copyOf(point);
  }
}
