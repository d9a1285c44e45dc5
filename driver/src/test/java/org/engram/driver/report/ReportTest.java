package org.engram.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.cli.Main;
import org.engram.driver.config.ConfigLoader;
import org.engram.driver.run.RunDriver;
import org.engram.driver.run.RunOptions;
import org.engram.driver.run.SparkSessions;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TableReader;
import org.engram.driver.sink.Tables;
import org.engram.spec.TrialSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engram report} on real Parquet written through the real committer ({@link RunDriver} in
 * {@code local[2]}) by {@link ReportTrials}, whose accuracies and rule probes are known in closed
 * form.
 */
class ReportTest {
  /** t(0.975, 2): three seeds. From the tables, not from {@link Stats}. */
  private static final double T_975_DF2 = 4.302652729749464;

  private static final String GRID =
      "run { name = report-test, runner = "
          + ReportTrials.class.getName()
          + " }\n"
          + "train { steps = 4, curveEvery = 2, checkpointEvery = 2 }\n"
          + "eval.difficulties = [1, 2, 4]\n";

  private static SparkSession spark;
  @TempDir static Path dir;
  private static Path results;
  private static Path report;
  private static Report.Written written;

  @BeforeAll
  static void runAndReport() throws Exception {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("engram-report-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    results = dir.resolve("results");
    // 2 types x 2 training K x 4 seeds; seed 13 fails: 12 OK, 4 FAILED.
    run(
        GRID
            + "grid { network.type = [plastic, frozen-synapses], task.snippets = [1, 2],"
            + " seed = [1, 2, 3, 13] }\n",
        results);
    writeRules(results);
    report = dir.resolve("report");
    written =
        Report.write(
            new TableReader(spark, OutputLayout.of(results.toString())), "RESULTS_DIR", report);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static void run(String conf, Path out) throws IOException {
    new RunDriver(spark)
        .run(
            ConfigLoader.loadString(conf, "report-test.conf"),
            new RunOptions(
                out.toString(),
                false,
                List.of("run", "report-test.conf"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
  }

  /**
   * A {@code rules} file of a trial whose commit never finished (no {@code trials} row): the report
   * must not show it. The committer wrote the rows of the real trials ({@link
   * ReportTrials#probes}).
   */
  private static void writeRules(Path results) throws IOException {
    List<Double> grid = List.of(-1.0, 0.0, 1.0);
    List<Double> dw = List.of(9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0);
    Row stray =
        RowFactory.create(
            "r",
            "ffffffffffffffff",
            "plastic",
            1,
            99L,
            "hidden",
            "hidden",
            grid,
            dw,
            0.5,
            0.0,
            0.0,
            1,
            0.8,
            0.7,
            0.6);
    Path tmp = dir.resolve("rules-tmp");
    spark
        .createDataFrame(List.of(stray), Tables.rules().sparkSchema())
        .coalesce(1)
        .write()
        .parquet(tmp.toString());
    Path table = results.resolve(Tables.RULES);
    try (Stream<Path> s = Files.list(tmp)) {
      Path part = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
      Files.move(part, table.resolve("ffffffffffffffff.parquet"));
    }
  }

  @Test
  void writesEveryFile() throws Exception {
    List<String> expected =
        List.of(
            "summary.csv",
            "accuracy_vs_k.svg",
            "accuracy_vs_k.png",
            "accuracy_vs_k.csv",
            "bits_per_synapse_vs_k.svg",
            "bits_per_synapse_vs_k.png",
            "bits_per_synapse_vs_k.csv",
            "capacity_vs_size.svg",
            "capacity_vs_size.png",
            "capacity_vs_size.csv",
            "rules.csv",
            "rule_response_plastic.svg",
            "rule_response_plastic.png",
            "rule_response_frozen-synapses.svg",
            "rule_response_frozen-synapses.png",
            "index.html");
    assertEquals(expected, written.files());
    for (String f : expected) {
      assertTrue(Files.size(report.resolve(f)) > 100, f);
    }
    assertEquals(12, written.ok());
    assertEquals(4, written.failed());
  }

  @Test
  void pngsDecodeAtTheirSizeAndSvgsParse() throws Exception {
    for (String name :
        List.of(
            "accuracy_vs_k",
            "bits_per_synapse_vs_k",
            "capacity_vs_size",
            "rule_response_plastic")) {
      BufferedImage png = ImageIO.read(report.resolve(name + ".png").toFile());
      boolean heatmap = name.startsWith("rule");
      assertEquals(heatmap ? 680 : 1000, png.getWidth(), name);
      assertEquals(heatmap ? 590 : 560, png.getHeight(), name);
      assertEquals(
          "svg", ChartsTest.parse(report.resolve(name + ".svg")).getDocumentElement().getTagName());
    }
  }

  @Test
  void accuracyCsvMatchesTheMeanAndTIntervalByHand() throws IOException {
    List<Map<String, String>> rows = csv(report.resolve("accuracy_vs_k.csv"));
    assertEquals(2 * 2 * 3, rows.size(), "4 series x 3 K");
    Map<String, String> r =
        rows.stream()
            .filter(
                x -> x.get("series").equals("plastic, task.snippets=1") && x.get("k").equals("2"))
            .findFirst()
            .orElseThrow();
    // Seeds 1, 2, 3: 0.85 - 0.01 + 0.01 * seed = 0.85, 0.86, 0.87.
    double mean = (0.85 + 0.86 + 0.87) / 3;
    double sd = 0.01;
    double half = T_975_DF2 * sd / Math.sqrt(3);
    assertEquals("3", r.get("seeds"));
    assertEquals("plastic", r.get("network_type"));
    assertEquals("1", r.get("task_snippets"));
    assertEquals(mean, Double.parseDouble(r.get("bit_accuracy_mean")), 1e-12);
    assertEquals(sd, Double.parseDouble(r.get("bit_accuracy_sd")), 1e-12);
    assertEquals(mean - half, Double.parseDouble(r.get("bit_accuracy_ci95_low")), 1e-12);
    assertEquals(mean + half, Double.parseDouble(r.get("bit_accuracy_ci95_high")), 1e-12);

    Map<String, String> bits =
        csv(report.resolve("bits_per_synapse_vs_k.csv")).stream()
            .filter(
                x ->
                    x.get("series").equals("frozen-synapses, task.snippets=2")
                        && x.get("k").equals("4"))
            .findFirst()
            .orElseThrow();
    // 0.95 - 0.2 - 0.1 - 0.02 + 0.02 (the mean seed's 0.01 * 2) = 0.65, over 100.
    assertEquals(0.0065, Double.parseDouble(bits.get("bits_per_synapse_mean")), 1e-14);
  }

  @Test
  void seriesAreTheTypeAndTheVaryingColumn() throws IOException {
    List<String> series =
        csv(report.resolve("summary.csv")).stream().map(r -> r.get("series")).toList();
    assertEquals(
        List.of(
            "plastic, task.snippets=1",
            "plastic, task.snippets=2",
            "frozen-synapses, task.snippets=1",
            "frozen-synapses, task.snippets=2"),
        series,
        "ranked by capacity, then mean accuracy");
    Map<String, String> top = csv(report.resolve("summary.csv")).get(0);
    assertEquals("1", top.get("rank"));
    assertEquals("3", top.get("seeds"));
    // Plastic trained at K=1: accuracy 0.95 + 0.01 * seed - 0.01 at K=1 is >= 0.9, at K=2 not.
    assertEquals(1.0, Double.parseDouble(top.get("capacity_k90")), 1e-12);
    assertEquals("1", top.get("best_k"));
  }

  @Test
  void capacityCsvHasSizeAndTheHopfieldLine() throws IOException {
    List<Map<String, String>> rows = csv(report.resolve("capacity_vs_size.csv"));
    assertEquals(4, rows.size());
    Map<String, String> r = rows.get(0);
    int neurons = ReportTrials.neurons(TrialSpec.defaults(1));
    assertEquals(neurons, Integer.parseInt(r.get("neurons")));
    assertEquals(neurons * (neurons - 1) / 2, Integer.parseInt(r.get("synapses")));
    assertEquals(0.138 * neurons, Double.parseDouble(r.get("hopfield_capacity")), 1e-12);
    assertEquals("4", r.get("largest_evaluated_k"));
  }

  @Test
  void indexShowsEveryFigureCountsAndReferences() throws IOException {
    String html = Files.readString(report.resolve("index.html"));
    for (String svg :
        List.of(
            "accuracy_vs_k",
            "bits_per_synapse_vs_k",
            "capacity_vs_size",
            "rule_response_plastic")) {
      assertTrue(html.contains("<img src=\"" + svg + ".svg\""), svg);
    }
    assertTrue(html.contains("RESULTS_DIR"), "names the results directory");
    assertTrue(html.contains("12 OK, 4 FAILED"), html);
    assertTrue(html.contains("Gardner"), html);
    assertTrue(html.contains("0.138·N"), html);
    assertTrue(html.contains("href=\"summary.csv\""), html);
    assertTrue(html.contains("<td>plastic, task.snippets=1</td>"), html);
  }

  @Test
  void rulesCsvHasOneRowPerOkTrialAndTheHeatmapAveragesSeeds() throws IOException {
    List<Map<String, String>> rows = csv(report.resolve("rules.csv"));
    assertEquals(12, rows.size(), "the uncommitted trial's row is left out");
    assertTrue(rows.stream().anyMatch(r -> r.get("hebbian_score").isEmpty()), "null stays empty");
    String svg = Files.readString(report.resolve("rule_response_plastic.svg"));
    // Seeds 1, 2, 3 at K=1: mean Hebbian score of seeds 1 and 3 (seed 2 has none) is 0.9.
    assertTrue(
        svg.contains("trained at K=1, mean of 3 seeds; Hebbian score 0.900, decay -0.01"), svg);
  }

  @Test
  void withoutARulesTableTheIndexSaysSoAndNoResultsGiveAnIndexToo() throws Exception {
    Path only = dir.resolve("failed-only");
    run(GRID + "grid { seed = [13] }\n", only);
    Path out = dir.resolve("failed-only-report");
    Report.Written w =
        Report.write(
            new TableReader(spark, OutputLayout.of(only.toString())), only.toString(), out);
    assertEquals(List.of("index.html"), w.files());
    String html = Files.readString(out.resolve("index.html"));
    assertTrue(html.contains("No OK trials"), html);
    assertTrue(html.contains("0 OK, 1 FAILED"), html);

    Path noRules = dir.resolve("no-rules");
    // A baseline has no rule probes, so no rules rows.
    run(GRID + "network.type = hopfield\ngrid { seed = [1] }\n", noRules);
    Path out2 = dir.resolve("no-rules-report");
    Report.Written w2 =
        Report.write(
            new TableReader(spark, OutputLayout.of(noRules.toString())), noRules.toString(), out2);
    assertFalse(w2.files().contains("rules.csv"));
    String html2 = Files.readString(out2.resolve("index.html"));
    assertTrue(html2.contains("Learned rules</h2>\n<p>Skipped: "), html2);
    assertTrue(
        Files.readString(out2.resolve("accuracy_vs_k.svg")).contains("one seed per point"),
        "one seed: the legend says there is no interval");
  }

  @Test
  void badResultsFailWithAMessageNamingThePath() throws IOException {
    int sessions = SparkSessions.started();
    Path missing = dir.resolve("no-such-results");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            List.of(
                "report", "--results", missing.toString(), "--out", dir.resolve("x").toString()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String msg = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, msg);
    assertTrue(msg.lines().findFirst().orElseThrow().contains(missing.toString()), msg);

    Path runsOnly = Files.createDirectories(dir.resolve("runs-only/runs"));
    err.reset();
    code =
        Main.run(
            List.of(
                "report",
                "--results",
                runsOnly.getParent().toString(),
                "--out",
                dir.resolve("y").toString()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    msg = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, msg);
    assertTrue(
        msg.contains("no trials table")
            && msg.contains(runsOnly.getParent().resolve("trials").toString()),
        msg);
    assertEquals(sessions, SparkSessions.started(), "no Spark session for a bad command line");
    assertFalse(Files.exists(dir.resolve("x")));
  }

  /** A CSV without quoted commas (the tests' series names have none) as maps by header. */
  private static List<Map<String, String>> csv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String[] header = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = splitQuoted(line);
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        m.put(header[i], cells.get(i));
      }
      rows.add(m);
    }
    return rows;
  }

  /** Splits one CSV line, honouring double quotes. */
  private static List<String> splitQuoted(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        cell.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
