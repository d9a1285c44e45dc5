package org.engram.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.engram.result.DifficultyMetrics;
import org.engram.result.TrialResult;
import org.engram.runtime.SpecJson;
import org.engram.spec.TrialSpec;

/**
 * Runs one trial in this JVM, without Spark: MODEL.md's defaults with {@code key=value} overrides
 * (keys as in the specs, e.g. {@code network.type=frozen-synapses task.snippets=4 seed=2}), prints
 * progress and the metrics per difficulty, and optionally saves the trained rule.
 *
 * <pre>
 * java ... org.engram.train.SingleTrialMain [--rule FILE] [--result FILE] key=value ...
 * </pre>
 */
public final class SingleTrialMain {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SingleTrialMain() {}

  public static void main(String[] args) throws IOException {
    ObjectNode tree = (ObjectNode) JSON.readTree(SpecJson.write(TrialSpec.defaults(1)));
    Path rule = null;
    Path resultFile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rule" -> rule = Path.of(args[++i]);
        case "--result" -> resultFile = Path.of(args[++i]);
        default -> set(tree, args[i]);
      }
    }
    TrialSpec spec = SpecJson.read(JSON.writeValueAsString(tree));
    System.out.println("spec: " + SpecJson.write(spec));
    long start = System.nanoTime();
    TrialResult r =
        new TrialRunner(CheckpointStore.none(), SingleTrialMain::print).run(spec, "single");
    System.out.printf(
        Locale.ROOT,
        "status %s%s after %.1f s (train %.1f s, eval %.1f s)%n",
        r.status(),
        r.error() == null ? "" : ": " + r.error(),
        (System.nanoTime() - start) / 1e9,
        r.trainSeconds(),
        r.evalSeconds());
    for (DifficultyMetrics m : r.evals()) {
      System.out.println(JSON.writeValueAsString(m));
    }
    System.out.println("{\"capacity_k90\": " + r.capacityK90() + "}");
    if (r.probes() != null) {
      System.out.println("rule probes: " + r.probes());
    }
    if (rule != null && r.ruleJson() != null) {
      Files.writeString(rule, r.ruleJson());
    }
    if (resultFile != null) {
      Files.writeString(resultFile, JSON.writeValueAsString(r));
    }
  }

  private static void print(TrainingProgress p) {
    System.out.printf(
        Locale.ROOT,
        "step %6d/%d  K %d  loss %.4f  bit_acc %.4f  gnorm %.3f  lr %.2e  %.2f steps/s%n",
        p.metaStep(),
        p.steps(),
        p.snippets(),
        p.loss(),
        p.bitAccuracy(),
        p.gradNorm(),
        p.learningRate(),
        p.stepsPerSecond());
  }

  /** Sets {@code a.b.c=value} in the spec's JSON tree; the value is parsed as JSON if it can be. */
  private static void set(ObjectNode tree, String assignment) {
    int eq = assignment.indexOf('=');
    if (eq < 1) {
      throw new IllegalArgumentException("expected key=value, got '" + assignment + "'");
    }
    String[] path = assignment.substring(0, eq).split("\\.");
    String raw = assignment.substring(eq + 1);
    ObjectNode node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode child = node.get(path[i]);
      if (!(child instanceof ObjectNode)) {
        throw new IllegalArgumentException("unknown key '" + assignment.substring(0, eq) + "'");
      }
      node = (ObjectNode) child;
    }
    String leaf = path[path.length - 1];
    if (!node.has(leaf)) {
      throw new IllegalArgumentException("unknown key '" + assignment.substring(0, eq) + "'");
    }
    JsonNode value;
    try {
      value = JSON.readTree(raw);
    } catch (IOException e) {
      value = JSON.getNodeFactory().textNode(raw);
    }
    node.set(leaf, value == null ? JSON.getNodeFactory().textNode(raw) : value);
  }
}
