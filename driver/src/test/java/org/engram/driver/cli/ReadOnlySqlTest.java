package org.engram.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.engram.driver.run.SparkSessions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code engram sql} runs only statements that read; the rest is refused before Spark starts. */
class ReadOnlySqlTest {
  @TempDir Path results;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO trials SELECT * FROM trials",
        "insert overwrite table trials select * from trials",
        "INSERT OVERWRITE DIRECTORY '/tmp/engram-x' USING parquet SELECT * FROM trials",
        "CREATE TABLE t AS SELECT * FROM trials",
        "CREATE TABLE t (a INT) USING parquet",
        "CREATE TEMPORARY VIEW v AS SELECT 1",
        "CREATE OR REPLACE TEMP VIEW trials AS SELECT 1",
        "CREATE FUNCTION f AS 'org.example.F'",
        "DROP TABLE trials",
        "DROP VIEW trials",
        "ALTER TABLE trials ADD COLUMNS (x INT)",
        "ALTER VIEW trials AS SELECT 1",
        "TRUNCATE TABLE trials",
        "DELETE FROM trials WHERE seed = 1",
        "UPDATE trials SET seed = 2",
        "MERGE INTO trials t USING evals e ON t.trial_id = e.trial_id WHEN MATCHED THEN DELETE",
        "LOAD DATA INPATH '/tmp/x' INTO TABLE trials",
        "CACHE TABLE trials",
        "UNCACHE TABLE trials",
        "CLEAR CACHE",
        "REFRESH TABLE trials",
        "SET spark.sql.shuffle.partitions = 1",
        "RESET",
        "USE other",
        "ADD JAR /tmp/evil.jar",
        "DECLARE v INT",
        "EXECUTE IMMEDIATE 'DROP TABLE trials'",
        "CALL cat.sys.proc()",
        "BEGIN SELECT 1; DROP TABLE trials; END",
        "SELECT 1; DROP TABLE trials",
        "SELECT * FROM trials; SELECT * FROM evals",
        "WITH x AS (SELECT * FROM trials) INSERT INTO evals SELECT * FROM x",
        "WITH x AS (SELECT * FROM trials) INSERT OVERWRITE DIRECTORY '/tmp/y' SELECT * FROM x",
        "EXPLAIN INSERT INTO trials SELECT * FROM trials",
        "EXPLAIN CREATE TABLE t AS SELECT 1",
        "SELECT reflect('java.lang.System', 'exit', 0)",
        "SELECT java_method('java.lang.Runtime', 'getRuntime')",
        "SELECT * FROM trials WHERE seed IN (SELECT reflect('java.lang.Thread', 'dumpStack'))",
        "DELETE FROM trials",
        "SELEKT 1",
        ""
      })
  void writingOrUnparsableStatementsAreRefused(String sql) throws IOException {
    UsageException e = assertThrows(UsageException.class, () -> ReadOnlySql.check(sql));
    assertTrue(
        e.getMessage().startsWith("sql is read-only") || e.getMessage().contains("does not parse"),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());

    // Through the command line: exit 2, no Spark, the results directory untouched.
    Files.createDirectories(results.resolve("runs"));
    List<Path> before = listing();
    int sessions = SparkSessions.started();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            List.of("sql", "--results", results.toString(), sql),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code, err.toString(StandardCharsets.UTF_8));
    assertEquals(sessions, SparkSessions.started());
    assertEquals(before, listing());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM trials",
        "select network_type, avg(bit_accuracy) from evals group by 1 order by 1;",
        "WITH best AS (SELECT trial_id FROM trials WHERE status = 'OK') SELECT * FROM best",
        "SELECT * FROM trials t WHERE EXISTS (SELECT 1 FROM evals e WHERE e.trial_id = t.trial_id)",
        "SELECT 'a;b' AS not_two_statements",
        "SELECT t.* FROM trials t JOIN curves c USING (trial_id) WHERE c.metric = 'loss'",
        "FROM trials SELECT trial_id",
        "TABLE trials",
        "VALUES (1, 2)",
        "SHOW TABLES",
        "SHOW COLUMNS IN trials",
        "DESCRIBE trials",
        "DESCRIBE FUNCTION avg",
        "EXPLAIN SELECT * FROM trials",
        "SELECT insert_count FROM (SELECT 1 AS insert_count)"
      })
  void readingStatementsAreAllowed(String sql) {
    String stmt = ReadOnlySql.check(sql);
    assertTrue(!stmt.endsWith(";"), stmt);
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> s = Files.walk(results)) {
      return s.sorted().toList();
    }
  }
}
