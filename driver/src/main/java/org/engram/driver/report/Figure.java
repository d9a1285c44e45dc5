package org.engram.driver.report;

import java.nio.file.Path;
import java.util.List;

/**
 * A figure of the report: its chart, the CSV of what it plots, and its caption.
 *
 * @param name the files' name without extension ({@code accuracy_vs_k})
 * @param title the heading in {@code index.html}
 * @param chart the chart, written as SVG and PNG
 * @param csv the plotted values, written as {@code <name>.csv}; null for none
 * @param caption what it shows, for {@code index.html}
 */
public record Figure(String name, String title, Chart chart, Csv csv, String caption) {

  /** Writes the SVG, the PNG and the CSV; returns their names. */
  public List<String> write(Path dir) {
    chart.write(dir, name);
    if (csv == null) {
      return List.of(name + ".svg", name + ".png");
    }
    csv.write(dir.resolve(name + ".csv"));
    return List.of(name + ".svg", name + ".png", name + ".csv");
  }
}
