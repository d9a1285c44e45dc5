package org.engram.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.engram.eval.HiddenBitMetrics;
import org.engram.eval.RecallCounts;
import org.engram.spec.TaskSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks this package's reading of MODEL.md section 5 against the reference's autoassoc windows in
 * the golden files: the same length and scored steps, the same channel layout (by the walker the
 * sampler tests use), and the same metrics from the reference's logits.
 */
class GoldenWindowTest {
  private static final Path DIR =
      Path.of(System.getProperty("engram.golden.dir", "../../shared/reference/golden"));

  static Stream<Path> goldenFiles() throws IOException {
    assertTrue(Files.isDirectory(DIR), "golden vectors not found at " + DIR.toAbsolutePath());
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("goldenFiles")
  void layoutAndMetricsMatchTheReference(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    JsonNode cfg = root.get("config");
    JsonNode in = root.get("inputs");
    int d = cfg.get("D").asInt();
    int k = cfg.get("K").asInt();
    int batch = cfg.get("B").asInt();
    int rs = cfg.get("recall_steps").asInt();
    int present = cfg.get("present").asInt();
    int gap = cfg.get("gap").asInt();
    int delay = cfg.get("delay").asInt();
    double fraction = cfg.get("mask_fraction").asDouble();
    TaskSpec task = TaskSpecs.autoassoc(d, present, gap, delay, fraction);
    WindowLayout layout = new WindowLayout(task, rs);

    INDArray x = array(in.get("x"));
    INDArray patterns = array(in.get("patterns"));
    INDArray recalled = array(in.get("recalled"));
    INDArray hidden = array(in.get("hidden"));
    assertEquals(layout.length(k), x.size(0));
    int[] scoreSteps = new int[k];
    for (int r = 0; r < k; r++) {
      scoreSteps[r] = in.get("score_steps").get(r).asInt();
    }
    assertArrayEquals(scoreSteps, layout.scoreSteps(k));

    for (int b = 0; b < batch; b++) {
      StepAssert steps = new StepAssert(x, b, d, d);
      for (int i = 0; i < k; i++) {
        int[] p = bits(patterns, i, b, d);
        steps.steps(present, p, 1, 0, p).blank(gap);
      }
      steps.blank(delay);
      for (int r = 0; r < k; r++) {
        int[] cue = bits(patterns, recalled.getInt(r, b), b, d);
        int masked = 0;
        for (int c = 0; c < d; c++) {
          if (hidden.getDouble(r, b, c) == 1.0) {
            cue[c] = 0;
            masked++;
          }
        }
        assertEquals(layout.maskedBits(), masked);
        steps.steps(rs, cue, 0, 1, cue);
      }
      steps.assertEnd();
    }

    JsonNode expected = root.get("expected").get("metrics");
    RecallCounts counts =
        RecallCounts.of(
            array(root.get("expected").get("logits_scored")), array(in.get("targets")), hidden, 1);
    assertEquals(expected.get("bit_accuracy").asDouble(), counts.bitAccuracy(), 1e-15);
    assertEquals(
        expected.get("visible_bit_accuracy").asDouble(), counts.visibleBitAccuracy(), 1e-15);
    assertEquals(expected.get("snippet_accuracy").asDouble(), counts.snippetAccuracy(), 1e-15);
    assertEquals(expected.get("hidden_bits").asLong(), counts.hiddenBits());
    assertEquals(expected.get("visible_bits").asLong(), counts.visibleBits());
    assertEquals(root.get("expected").get("loss").asDouble(), counts.loss(), 1e-12);
    assertEquals(
        expected.get("bits_stored").asDouble(),
        HiddenBitMetrics.bitsStored(k, layout.hiddenBitsPerSnippet(), counts.bitAccuracy()),
        1e-12);
  }

  private static int[] bits(INDArray patterns, int k, int b, int d) {
    int[] p = new int[d];
    for (int c = 0; c < d; c++) {
      p[c] = (int) patterns.getDouble(k, b, c);
    }
    return p;
  }

  private static INDArray array(JsonNode node) {
    JsonNode shapeNode = node.get("shape");
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
    }
    JsonNode dataNode = node.get("data");
    double[] data = new double[dataNode.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = dataNode.get(i).asDouble();
    }
    return Nd4j.create(data, shape, DataType.DOUBLE);
  }
}
