package org.engram.driver.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints query results as an aligned text table or as CSV (RFC 4180 quoting). */
final class Printer {
  private Printer() {}

  static void table(Dataset<Row> df, int maxRows, PrintStream out) {
    String[] names = df.columns();
    List<String[]> rows = new ArrayList<>();
    for (Row r : df.limit(maxRows + 1).collectAsList()) {
      rows.add(cells(r));
    }
    int[] width = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      width[i] = names[i].length();
      for (String[] r : rows) {
        width[i] = Math.max(width[i], Math.min(r[i].length(), 60));
      }
    }
    out.println(line(names, width));
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append("-".repeat(w)).append("  ");
    }
    out.println(rule.toString().stripTrailing());
    for (int i = 0; i < Math.min(rows.size(), maxRows); i++) {
      out.println(line(rows.get(i), width));
    }
    out.println(
        rows.size() > maxRows ? "(first " + maxRows + " rows)" : "(" + rows.size() + " rows)");
  }

  static void csv(Dataset<Row> df, PrintStream out) {
    out.println(String.join(",", quote(df.columns())));
    Iterator<Row> it = df.toLocalIterator();
    while (it.hasNext()) {
      out.println(String.join(",", quote(cells(it.next()))));
    }
  }

  private static String[] cells(Row r) {
    String[] c = new String[r.length()];
    for (int i = 0; i < c.length; i++) {
      Object v = r.get(i);
      c[i] =
          v == null
              ? ""
              : v instanceof scala.collection.Seq<?> s ? s.mkString("[", ",", "]") : v.toString();
    }
    return c;
  }

  private static String[] quote(String[] cells) {
    String[] q = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      String s = cells[i];
      q[i] =
          s.contains(",") || s.contains("\"") || s.contains("\n")
              ? "\"" + s.replace("\"", "\"\"") + "\""
              : s;
    }
    return q;
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i].length() > 60 ? cells[i].substring(0, 57) + "..." : cells[i];
      sb.append(String.format("%-" + width[i] + "s", c)).append("  ");
    }
    return sb.toString().stripTrailing();
  }
}
