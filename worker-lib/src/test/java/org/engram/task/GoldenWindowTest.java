package org.engram.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.engram.eval.HiddenBitMetrics;
import org.engram.eval.RecallCounts;
import org.engram.golden.GoldenFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks this package's reading of MODEL.md section 5 against the reference's autoassoc windows in
 * the golden files: the same length and scored steps, the same channel layout (by the walker the
 * sampler tests use), and the same metrics from the reference's logits.
 */
class GoldenWindowTest {

  static List<Path> goldenFiles() {
    List<Path> files = GoldenFile.list(GoldenFile.defaultDir());
    assertFalse(files.isEmpty(), "no golden files in " + GoldenFile.defaultDir());
    return files;
  }

  @ParameterizedTest
  @MethodSource("goldenFiles")
  void layoutAndMetricsMatchTheReference(Path file) {
    GoldenFile g = GoldenFile.read(file);
    GoldenFile.Inputs in = g.inputs();
    int d = g.intConfig("D");
    int k = g.intConfig("K");
    int rs = g.intConfig("recall_steps");
    int present = g.intConfig("present");
    int gap = g.intConfig("gap");
    int delay = g.intConfig("delay");
    WindowLayout layout =
        new WindowLayout(
            TaskSpecs.autoassoc(d, present, gap, delay, g.doubleConfig("mask_fraction")), rs);

    assertEquals(layout.length(k), g.steps());
    assertArrayEquals(in.scoreSteps(), layout.scoreSteps(k));
    for (int b = 0; b < g.batch(); b++) {
      StepAssert steps = new StepAssert(in.x(), b, d, d);
      for (int i = 0; i < k; i++) {
        int[] p = bits(in.patterns(), i, b, d);
        steps.steps(present, p, 1, 0, p).blank(gap);
      }
      steps.blank(delay);
      for (int r = 0; r < k; r++) {
        int[] cue = bits(in.patterns(), in.recalled()[r][b], b, d);
        int masked = 0;
        for (int c = 0; c < d; c++) {
          if (in.hidden().getDouble(r, b, c) == 1.0) {
            cue[c] = 0;
            masked++;
          }
        }
        assertEquals(layout.maskedBits(), masked);
        steps.steps(rs, cue, 0, 1, cue);
      }
      steps.assertEnd();
    }

    Map<String, Double> expected = g.expected().metrics();
    RecallCounts counts =
        RecallCounts.of(g.expected().logitsScored(), in.targets(), in.hidden(), 1);
    assertEquals(expected.get("bit_accuracy"), counts.bitAccuracy(), 1e-15);
    assertEquals(expected.get("visible_bit_accuracy"), counts.visibleBitAccuracy(), 1e-15);
    assertEquals(expected.get("snippet_accuracy"), counts.snippetAccuracy(), 1e-15);
    assertEquals(expected.get("hidden_bits"), (double) counts.hiddenBits());
    assertEquals(expected.get("visible_bits"), (double) counts.visibleBits());
    assertEquals(g.expected().loss(), counts.loss(), 1e-12);
    assertEquals(
        expected.get("bits_stored"),
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
}
