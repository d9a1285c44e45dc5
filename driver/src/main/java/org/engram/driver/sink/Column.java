package org.engram.driver.sink;

import java.util.regex.Pattern;

/**
 * One column of a result table.
 *
 * @param name snake_case, with the unit in the name where it has one ({@code wall_seconds})
 * @param type the column's type
 * @param nullable whether a row may leave it empty (e.g. {@code error} of an OK trial)
 */
public record Column(String name, ColumnType type, boolean nullable) {

  private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9_]*");

  public Column {
    if (name == null || !SNAKE.matcher(name).matches()) {
      throw new IllegalArgumentException("column name must be snake_case, got '" + name + "'");
    }
    if (type == null) {
      throw new IllegalArgumentException("column " + name + " needs a type");
    }
  }

  /** The types a column can have, each with its Parquet and Spark SQL form. */
  public enum ColumnType {
    STRING,
    INT,
    LONG,
    DOUBLE,
    BOOLEAN,
    /** A list of 32-bit integers (Spark {@code array<int>}). */
    INT_LIST,
    /** A list of doubles (Spark {@code array<double>}). */
    DOUBLE_LIST,
    /** UTC instant in milliseconds (Spark {@code timestamp}). */
    TIMESTAMP
  }
}
