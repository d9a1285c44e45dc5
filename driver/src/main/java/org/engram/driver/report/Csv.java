package org.engram.driver.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file (RFC 4180 quoting): numbers as Java writes them, exactly (shortest text that reads
 * back to the same double); NaN and null as an empty cell.
 */
public final class Csv {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Csv(List<String> header) {
    this.header = List.copyOf(header);
  }

  /** Appends a row with one value per column. */
  public void row(List<?> values) {
    if (values.size() != header.size()) {
      throw new IllegalArgumentException(
          "row has " + values.size() + " values for " + header.size() + " columns");
    }
    rows.add(values.stream().map(Csv::cell).toList());
  }

  public void write(Path file) {
    StringBuilder sb = new StringBuilder();
    sb.append(line(header));
    rows.forEach(r -> sb.append(line(r)));
    try {
      Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String cell(Object v) {
    if (v == null) {
      return "";
    } else if (v instanceof Double d) {
      return d.isNaN() ? "" : d.toString();
    }
    return v.toString();
  }

  private static String line(List<String> cells) {
    List<String> q = new ArrayList<>();
    for (String s : cells) {
      q.add(
          s.contains(",") || s.contains("\"") || s.contains("\n")
              ? "\"" + s.replace("\"", "\"\"") + "\""
              : s);
    }
    return String.join(",", q) + "\n";
  }
}
