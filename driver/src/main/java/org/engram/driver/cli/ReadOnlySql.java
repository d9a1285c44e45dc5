package org.engram.driver.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.apache.spark.sql.execution.command.ExplainCommand;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Decides whether a statement only reads, by parsing it with Spark's own parser (no session needed)
 * and walking the whole plan, CTE definitions and subqueries included; a keyword check on the text
 * would miss {@code WITH x AS (...) INSERT ...}. Parsing also refuses several statements in one
 * string.
 *
 * <p>Allowed: queries, and at the top only the commands that describe (SHOW TABLES, DESCRIBE ...,
 * EXPLAIN of a query). Refused: any other command anywhere (DDL, SET, CACHE, ADD JAR ...), inserts
 * and writes to directories, procedure calls, scripts, and the functions that call arbitrary Java
 * ({@code reflect}, {@code java_method}), which would let a SELECT do anything.
 */
final class ReadOnlySql {
  /** Commands that only describe; allowed as the statement itself, never nested. */
  private static final Set<String> DESCRIBING =
      Set.of(
          "ShowTables",
          "ShowViews",
          "ShowColumns",
          "ShowFunctions",
          "DescribeRelation",
          "DescribeColumn",
          "DescribeFunction");

  /** Plan nodes that write or run something without being a {@link Command}. */
  private static final Pattern WRITING =
      Pattern.compile(
          "Insert.*|.*Write.*|.*Execute.*|Call|.*Merge.*|.*Compound.*|.*Variable.*|.*Command.*");

  private static final Set<String> JAVA_CALLS = Set.of("reflect", "java_method", "try_reflect");

  private ReadOnlySql() {}

  /**
   * The statement without a trailing semicolon, if it only reads.
   *
   * @throws UsageException naming what was refused
   */
  static String check(String sql) {
    String stmt = sql.trim().replaceAll(";\\s*$", "");
    LogicalPlan plan;
    try {
      plan = new SparkSqlParser().parsePlan(stmt);
    } catch (Exception e) { // Spark's ParseException: checked in Java, undeclared by Scala
      throw new UsageException(
          "sql: expected one read-only query, but it does not parse: " + firstLine(e.getMessage()));
    }
    String top = name(plan);
    if (plan instanceof ExplainCommand explain) {
      walk(explain.logicalPlan());
    } else if (!DESCRIBING.contains(top)) {
      walk(plan);
    }
    return stmt;
  }

  private static void walk(LogicalPlan root) {
    Deque<TreeNode<?>> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      TreeNode<?> node = todo.pop();
      if (node instanceof LogicalPlan p) {
        if (p instanceof Command || WRITING.matcher(name(p)).matches()) {
          throw refused(name(p));
        }
        // CTE definitions are inner children, subqueries live in expressions.
        CollectionConverters.asJava(p.innerChildren()).forEach(todo::push);
        CollectionConverters.asJava(p.expressions()).forEach(todo::push);
      }
      if (node instanceof UnresolvedFunction f) {
        String fn = f.nameParts().last().toLowerCase(Locale.ROOT);
        if (JAVA_CALLS.contains(fn)) {
          throw refused("function " + fn + " (it calls arbitrary Java)");
        }
      }
      if (node instanceof org.apache.spark.sql.catalyst.expressions.SubqueryExpression s) {
        todo.push(s.plan());
      }
      CollectionConverters.asJava(node.children()).forEach(c -> todo.push((TreeNode<?>) c));
    }
  }

  private static UsageException refused(String what) {
    return new UsageException(
        "sql is read-only: expected one SELECT, WITH, SHOW, DESCRIBE or EXPLAIN query, but it"
            + " contains "
            + what);
  }

  private static String name(Object node) {
    return node.getClass().getSimpleName().replace("$", "");
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }
}
