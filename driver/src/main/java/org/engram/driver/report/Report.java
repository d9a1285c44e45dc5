package org.engram.driver.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.engram.driver.sink.TableReader;

/**
 * Writes a results directory's report: {@code accuracy_vs_k}, {@code bits_per_synapse_vs_k} and
 * {@code capacity_vs_size} (SVG, PNG, CSV), {@code rule_response_<type>} heatmaps and {@code
 * rules.csv} where the {@code rules} table has rows, {@code summary.csv}, and {@code index.html}
 * that shows them all.
 */
public final class Report {
  private Report() {}

  /**
   * What was written.
   *
   * @param ok OK trials
   * @param failed FAILED trials
   * @param files the files written, by name, {@code index.html} last
   */
  public record Written(int ok, int failed, List<String> files) {}

  /**
   * Reads the tables through {@code reader} and writes the report into {@code out} (created if
   * missing).
   *
   * @param results the results directory as given, for the captions
   */
  public static Written write(TableReader reader, String results, Path out) {
    ReportData data = ReportData.read(reader);
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + out, e);
    }
    int ok = data.ok();
    int failed = data.statusCounts().values().stream().mapToInt(Integer::intValue).sum() - ok;
    String title = "Engram report";
    IndexPage page = new IndexPage(title);
    page.html(
        "<p class=\"meta\">Results: <code>"
            + IndexPage.escape(results)
            + "</code>; committed trials: "
            + (ok + failed)
            + " ("
            + ok
            + " OK, "
            + failed
            + " FAILED)"
            + ". Only OK trials are plotted. Written "
            + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + " by <code>engram report</code>.</p>");
    List<String> files = new ArrayList<>();
    if (ok == 0 || data.evals().isEmpty()) {
      page.paragraph(
          "No OK trials with evaluations in "
              + results
              + ": nothing to plot. Run the grid (engram run) or look at the FAILED rows with:"
              + " engram sql --results "
              + results
              + " \"SELECT trial_id, network_type, seed, error FROM trials WHERE status ="
              + " 'FAILED'\".");
    } else {
      String context =
          "Data: "
              + results
              + ", "
              + ok
              + " OK trials"
              + (failed > 0 ? " (" + failed + " FAILED trials are not shown)." : ".");
      files.addAll(body(data, page, out, context));
    }
    page.write(out.resolve("index.html"), title);
    files.add("index.html");
    return new Written(ok, failed, files);
  }

  private static List<String> body(ReportData data, IndexPage page, Path out, String context) {
    List<String> files = new ArrayList<>();
    Aggregates agg = new Aggregates(data);
    page.paragraph(
        "Series: the network type"
            + (agg.names().varying().isEmpty()
                ? " (no other spec key varies across the OK trials)"
                : ", then every spec key that varies across the OK trials: "
                    + String.join(", ", agg.names().varying()))
            + ". Means are over seeds.");

    Summary summary = new Summary(agg);
    summary.csv().write(out.resolve("summary.csv"));
    files.add("summary.csv");
    page.heading("Ranking")
        .html(
            "<p>Series ranked by capacity_k90, then by hidden-bit accuracy averaged over the"
                + " evaluated K. Cells are the mean over seeds with its 95% t-interval in"
                + " brackets (none for one seed). Bits per synapse are at the K where they are"
                + " largest. File: "
                + IndexPage.links(List.of("summary.csv"))
                + ".</p>")
        .html(summary.html());

    LineFigures lines = new LineFigures(agg);
    for (Figure f : List.of(lines.accuracy(), lines.bitsPerSynapse(), lines.capacity())) {
      List<String> written = f.write(out);
      files.addAll(written);
      page.figure(f, written, context);
    }

    page.heading("Learned rules");
    ReportData.Rules rules = data.rules();
    if (rules.rows().isEmpty()) {
      page.paragraph("Skipped: " + rules.absence() + ".");
    } else {
      RuleFigures rf = new RuleFigures(rules.rows(), agg.names().types());
      rf.csv().write(out.resolve("rules.csv"));
      files.add("rules.csv");
      page.html(
          "<p>The rule probe of every OK trial of the engram family (MODEL.md section 8): scores"
              + " per trial in "
              + IndexPage.links(List.of("rules.csv"))
              + " (Hebbian score, decay, recall with activations or synapses reset).</p>");
      for (Figure f : rf.heatmaps()) {
        List<String> written = f.write(out);
        files.addAll(written);
        page.figure(f, written, context);
      }
    }
    return files;
  }
}
