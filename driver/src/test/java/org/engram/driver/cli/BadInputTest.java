package org.engram.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.engram.driver.run.SparkSessions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed config or command line fails the same way: exit code 2, a line naming the key or
 * argument and what was expected, no Spark session started, and nothing written (the output
 * directory is not created). In-process through {@link Main#run}; no case starts Spark.
 */
class BadInputTest {
  /** A valid base: tiny trials of the fast stand-in trainer. */
  private static final String VALID =
      "run { name = bad-input, runner = org.engram.driver.run.SyntheticTrials }\n"
          + "train { steps = 4, curveEvery = 2, checkpointEvery = 2 }\n";

  @TempDir static Path dir;

  /**
   * One bad input.
   *
   * @param name what is wrong
   * @param conf the config file's text (null: {@code args} name their own files)
   * @param args the command line; {@code CONF}, {@code OUT} and {@code DIR} stand for the config
   *     file, a fresh output path and the temporary directory
   * @param expected fragments that one line of stderr must all contain
   */
  record Case(String name, String conf, List<String> args, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case conf(String name, String text, String... expected) {
    return new Case(
        name, VALID + text, List.of("run", "CONF", "--output", "OUT"), List.of(expected));
  }

  private static Case cli(String name, String args, String... expected) {
    return new Case(name, VALID, Arrays.asList(args.split(" ")), List.of(expected));
  }

  static Stream<Case> cases() {
    List<Case> c = new ArrayList<>();
    // Wrong types.
    c.add(
        conf("text for an int", "network.hidden = eight", "network.hidden", "expected an integer"));
    c.add(conf("fraction for an int", "train.steps = 2.5", "train.steps", "expected an integer"));
    c.add(conf("text for a number", "train.lr = fast", "train.lr", "expected a number"));
    c.add(conf("int for a boolean", "train.curriculum = 3", "train.curriculum", "true or false"));
    c.add(
        conf("text for run.checkpoints", "run.checkpoints = maybe", "run.checkpoints", "BOOLEAN"));
    c.add(
        conf(
            "negative run.minCheckpointSeconds",
            "run.minCheckpointSeconds = -1",
            "run.minCheckpointSeconds must be a finite number >= 0, got -1.0"));
    c.add(
        conf(
            "text for run.minCheckpointSeconds",
            "run.minCheckpointSeconds = often",
            "run.minCheckpointSeconds",
            "NUMBER"));
    c.add(
        conf("list for an int", "task.snippets = [1, 2]", "task.snippets", "expected an integer"));
    c.add(conf("text for a list", "eval.difficulties = 4", "eval.difficulties", "a list of"));
    // Zero or negative sizes, out of range.
    c.add(
        conf("zero pattern size", "task.patternSize = 0", "task.patternSize must be >= 1, got 0"));
    c.add(conf("negative batch", "train.batch = -2", "train.batch must be >= 1, got -2"));
    c.add(conf("zero steps", "train.steps = 0", "train.steps must be >= 1, got 0"));
    c.add(conf("negative lr", "train.lr = -0.1", "train.lr must be > 0"));
    c.add(conf("zero snippets", "task.snippets = 0", "task.snippets must be >= 1"));
    c.add(conf("zero cores", "run.coresPerTrial = 0", "run.coresPerTrial must be >= 1, got 0"));
    c.add(conf("zero attempts", "run.maxFailures = 0", "run.maxFailures must be >= 1, got 0"));
    c.add(
        conf(
            "zero trials per task",
            "run.trialsPerTask = 0",
            "run.trialsPerTask: expected 'auto' or an integer >= 1, got '0'"));
    c.add(
        conf(
            "unknown scheduling",
            "run.scheduling = pull",
            "run.scheduling: expected 'queue' or 'tasks', got 'pull'"));
    c.add(
        conf(
            "trials per task with the queue",
            "run.trialsPerTask = 3",
            "run.trialsPerTask = 3 applies only to run.scheduling = tasks"));
    c.add(
        conf(
            "trials per task not a number",
            "run.trialsPerTask = some",
            "run.trialsPerTask: expected 'auto' or an integer >= 1, got 'some'"));
    c.add(
        conf(
            "zero largest task",
            "run.maxTrialsPerTask = 0",
            "run.maxTrialsPerTask must be >= 1, got 0"));
    c.add(conf("density above 1", "network.density = 1.5", "network.density", "got 1.5"));
    c.add(conf("bad run name", "run.name = \"a b\"", "run.name must be letters"));
    // Unknown keys and values.
    c.add(
        conf("misspelt key", "network.hiden = 4", "network.hiden: unknown key", "network.hidden"));
    c.add(conf("unknown section", "netwerk.hidden = 4", "netwerk.hidden: unknown key"));
    c.add(
        conf(
            "unknown network type",
            "network.type = transformer",
            "network.type",
            "expected one of"));
    c.add(conf("unknown task kind", "task.kind = sorting", "task.kind", "expected one of"));
    c.add(conf("unknown dtype", "train.dtype = float16", "train.dtype", "expected one of"));
    c.add(
        conf(
            "missing runner class",
            "run.runner = org.example.Nope",
            "run.runner",
            "expected a TrialExecutor class"));
    c.add(conf("runner of the wrong type", "run.runner = java.lang.String", "run.runner"));
    // Structure: found only by building the network (before: a FAILED row at trial time).
    c.add(
        conf(
            "recallSteps below the layered minimum",
            "network.topology = layered\ntask.recallSteps = 2",
            "task.recallSteps must be >= 3",
            "got 2"));
    c.add(
        conf(
            "recallSteps below the minimum on one grid point",
            "grid { task.recallSteps = [auto, 3, 1] }",
            "task.recallSteps must be >= 2",
            "got 1"));
    c.add(conf("text recallSteps", "task.recallSteps = soon", "task.recallSteps", "or auto"));
    // Grid.
    c.add(
        conf("empty grid axis", "grid { task.snippets = [] }", "grid.task.snippets", "non-empty"));
    c.add(conf("grid axis not a list", "grid { seed = 3 }", "grid.seed", "non-empty list"));
    c.add(conf("unknown grid axis", "grid { task.snipets = [1] }", "grid.task.snipets", "unknown"));
    c.add(conf("grid not an object", "grid = 5", "grid", "expected an object"));
    c.add(conf("seeds twice", "run.seeds = [1]\ngrid { seed = [2] }", "run.seeds", "not both"));
    c.add(conf("syntax error", "network { hidden = ", "CONF_NAME"));
    c.add(conf("missing include", "include required(\"nope.conf\")", "nope.conf"));
    // Files and directories.
    c.add(cli("missing config file", "run DIR/nope.conf --output OUT", "nope.conf", "no such"));
    c.add(cli("a directory as config", "run DIR --output OUT", "expected a config file"));
    c.add(cli("output is a file", "run CONF --output CONF", "--output", "it is a file"));
    c.add(
        cli("output under a file", "run CONF --output CONF/out", "--output", "cannot be created"));
    c.add(cli("sql on a missing dir", "sql --results DIR/none SELECT_1", "--results", "not exist"));
    c.add(cli("sql on a non-results dir", "sql --results DIR SELECT_1", "--results", "trials/"));
    c.add(cli("status on a file", "status --results CONF", "--results", "as a directory"));
    c.add(cli("status on a non-results dir", "status --results DIR", "--results", "trials/"));
    c.add(
        cli("report on a missing dir", "report --results DIR/none --out OUT", "none", "not exist"));
    c.add(cli("report without trials", "report --results RES --out OUT", "no trials table"));
    c.add(cli("report without --out", "report --results RES", "report needs --out"));
    c.add(cli("report with arguments", "report --results RES --out OUT x", "report takes no"));
    // Command lines.
    c.add(cli("no command", "", "expected a command", "run, sql, status"));
    c.add(cli("unknown command", "frobnicate", "unknown command 'frobnicate'", "expected run"));
    c.add(cli("unknown flag", "run CONF --output OUT --bogus", "unknown option --bogus", "known:"));
    c.add(cli("option without value", "run CONF --output", "--output needs a value"));
    c.add(cli("no config", "run --output OUT", "run needs exactly one config file"));
    c.add(cli("two configs", "run CONF CONF --output OUT", "run needs exactly one config file"));
    c.add(cli("bad master", "run CONF --output OUT --master bogus", "--master", "expected local"));
    c.add(cli("malformed --set", "run CONF --output OUT --set network.hidden", "network.hidden"));
    c.add(cli("--set unknown key", "run CONF --output OUT --set train.stepz=3", "train.stepz"));
    c.add(cli("--set bad value", "run CONF --output OUT --set train.batch=0", "train.batch must"));
    c.add(cli("bad --format", "sql --results RES --format xml SELECT_1", "--format", "got 'xml'"));
    c.add(cli("sql without a query", "sql --results RES", "sql needs exactly one query"));
    c.add(cli("status with arguments", "status --results RES extra", "status takes no arguments"));
    c.add(cli("sql that writes", "sql --results RES DROP_TABLE_trials", "read-only"));
    c.add(cli("bench-spark without a config", "bench-spark", "bench-spark needs one config file"));
    c.add(cli("bench bad --warmup", "bench --warmup -1", "--warmup"));
    c.add(
        cli(
            "bench bad --rounds",
            "bench --rounds 0",
            "--rounds must be a positive integer",
            "'0'"));
    c.add(
        cli(
            "bench --warmup-max below --warmup",
            "bench --warmup 10 --warmup-max 5",
            "--warmup-max must be at least --warmup",
            "got 5"));
    c.add(cli("bench missing --python", "bench --python DIR/none", "--python must name", "/none"));
    c.add(
        cli(
            "bench-spark bad --executors",
            "bench-spark CONF --executors 1,zero",
            "--executors must be positive integers",
            "'zero'"));
    c.add(
        cli(
            "bench-spark bad --runs",
            "bench-spark CONF --runs 0",
            "--runs must be positive integers",
            "'0'"));
    c.add(
        cli(
            "bench-spark bad --rounds",
            "bench-spark CONF --rounds 0",
            "--rounds must be positive integers",
            "'0'"));
    c.add(
        cli(
            "bench-spark --warm with --runs",
            "bench-spark CONF --warm --runs 3",
            "--warm and --runs: give one"));
    c.add(
        cli(
            "bench-spark --warm-runs without --warm",
            "bench-spark CONF --warm-runs 2",
            "--warm-runs needs --warm"));
    c.add(
        cli(
            "bench-spark bad --warm-runs",
            "bench-spark CONF --warm --warm-runs 0",
            "--warm-runs must be positive integers",
            "'0'"));
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failsBeforeSparkNamingTheProblemAndWritesNothing(Case c) throws IOException {
    Path caseDir = Files.createTempDirectory(dir, "case");
    Path conf = caseDir.resolve("bad.conf");
    Files.writeString(conf, c.conf());
    Path out = caseDir.resolve("out");
    Path results = Files.createDirectories(caseDir.resolve("results/runs"));
    List<String> args =
        c.args().stream()
            .filter(a -> !a.isEmpty())
            .map(
                a ->
                    a.replace("CONF", conf.toString())
                        .replace("OUT", out.toString())
                        .replace("RES", results.getParent().toString())
                        .replace("DIR", caseDir.toString())
                        .replace("_", " "))
            .toList();
    List<String> expected =
        c.expected().stream().map(e -> e.replace("CONF_NAME", conf.toString())).toList();
    List<Path> before = listing(caseDir);
    int sessions = SparkSessions.started();

    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(outBytes, true, StandardCharsets.UTF_8),
            new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    String err = errBytes.toString(StandardCharsets.UTF_8);

    assertEquals(2, code, "exit code; stderr:\n" + err);
    assertTrue(err.startsWith("engram: "), err);
    assertTrue(
        err.lines().anyMatch(l -> expected.stream().allMatch(l::contains)),
        "no line of stderr contains all of " + expected + ":\n" + err);
    assertFalse(err.contains("\tat "), "a message, not a stack trace:\n" + err);
    assertEquals(sessions, SparkSessions.started(), "a Spark session was started");
    assertFalse(Files.exists(out), "the output was created");
    assertEquals(before, listing(caseDir), "something was written");
  }

  private static List<Path> listing(Path d) throws IOException {
    try (Stream<Path> s = Files.walk(d)) {
      return s.sorted().toList();
    }
  }
}
