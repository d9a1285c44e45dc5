package org.engram.driver.grid;

import java.util.List;

/** Every problem found in a config or grid, each a one-line message that names the key. */
public final class GridException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public GridException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a GridException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** The problems, one line each. */
  public List<String> problems() {
    return problems;
  }
}
