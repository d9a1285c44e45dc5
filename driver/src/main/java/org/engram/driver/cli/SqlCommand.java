package org.engram.driver.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TableReader;
import org.engram.driver.sink.Tables;

/**
 * {@code engram sql}: a read-only query over the views {@code trials}, {@code evals} and {@code
 * curves} of a results directory, printed as a table, CSV or JSON lines.
 */
final class SqlCommand {
  private static final int MAX_TABLE_ROWS = 10_000;

  private final Args args;
  private final PrintStream out;

  SqlCommand(List<String> raw, PrintStream out) {
    this.args = new Args(raw, Set.of(), Set.of("--results", "--format"));
    this.out = out;
  }

  int call() {
    if (args.positional().size() != 1) {
      throw new UsageException("sql needs exactly one query, got " + args.positional().size());
    }
    String query = ReadOnlySql.check(args.positional().get(0));
    String format = args.option("--format", "table").toLowerCase(Locale.ROOT);
    if (!Set.of("table", "csv", "json").contains(format)) {
      throw new UsageException("--format must be table, csv or json, got '" + format + "'");
    }
    String results = args.option("--results", "results");
    Locations.checkResults(results);
    TableReader.checkFiles(
        OutputLayout.of(results), Tables.all(), new org.apache.hadoop.conf.Configuration());
    SparkSession spark = LocalSessions.reader();
    try {
      TableReader.afterCheck(spark, OutputLayout.of(results), Tables.all()).registerViews();
      Dataset<Row> df = spark.sql(query);
      switch (format) {
        case "csv" -> Printer.csv(df, out);
        case "json" -> df.toJSON().toLocalIterator().forEachRemaining(out::println);
        default -> Printer.table(df, MAX_TABLE_ROWS, out);
      }
      return 0;
    } finally {
      spark.stop();
    }
  }
}
