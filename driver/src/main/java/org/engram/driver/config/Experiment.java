package org.engram.driver.config;

import org.engram.driver.grid.Grid;
import org.engram.driver.run.RunSettings;

/**
 * A parsed and validated experiment file.
 *
 * @param source where it came from (a file path, or a description)
 * @param run how the run executes
 * @param grid the base spec and the grid axes
 * @param resolvedJson the whole resolved config (reference defaults plus overrides) as JSON, for
 *     the run's manifest
 */
public record Experiment(String source, RunSettings run, Grid grid, String resolvedJson) {

  public Experiment {
    if (run == null || grid == null) {
      throw new IllegalArgumentException("an experiment needs run settings and a grid");
    }
  }
}
