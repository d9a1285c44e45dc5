package org.engram.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowLayoutTest {

  @ParameterizedTest
  @CsvSource({
    // K, present, gap, delay, recallSteps
    "1, 1, 1, 0, 2",
    "2, 1, 1, 0, 2",
    "3, 2, 1, 4, 3",
    "4, 1, 0, 2, 1",
    "5, 3, 2, 0, 4",
  })
  void autoassocAndHeteroassocLengthIsMODELSection5(
      int k, int present, int gap, int delay, int rs) {
    int expected = k * (present + gap) + delay + k * rs;
    for (TaskKind kind : new TaskKind[] {TaskKind.AUTOASSOC, TaskKind.HETEROASSOC}) {
      TaskSpec task = TaskSpecs.spec(kind, 4, 3, 2, present, gap, delay, 0.5);
      assertEquals(expected, WindowLayout.length(task, k, rs), kind.label());
    }
  }

  @ParameterizedTest
  @CsvSource({
    // K, L, present, gap, delay, recallSteps
    "1, 2, 1, 1, 0, 2",
    "2, 3, 2, 1, 1, 3",
    "3, 4, 1, 0, 2, 2",
    "2, 2, 3, 2, 0, 4",
  })
  void sequenceLengthIsMODELSection10point8(
      int k, int frames, int present, int gap, int delay, int rs) {
    TaskSpec task = TaskSpecs.spec(TaskKind.SEQUENCE, 3, 3, frames, present, gap, delay, 0.5);
    int expected = k * (frames * present + gap) + delay + k * (rs + (frames - 1) * (rs - 1));
    assertEquals(expected, WindowLayout.length(task, k, rs));
  }

  @Test
  void scoreStepsOfTheGoldenAutoassocWindow() {
    // golden/README.md: K = 2, present 1, gap 1, delay 0, recallSteps 2: T = 8, scored 5 and 7.
    WindowLayout layout = new WindowLayout(TaskSpecs.autoassoc(3, 1, 1, 0, 0.5), 2);
    assertEquals(8, layout.length(2));
    assertArrayEquals(new int[] {5, 7}, layout.scoreSteps(2));
  }

  @Test
  void scoreStepsOfASequenceWindowByHand() {
    // K = 2, L = 3, present 2, gap 1, delay 1, recallSteps 3. Storage 2 * (3 * 2 + 1) = 14 steps,
    // delay 1: recall 0 starts at 15, cue 15..17, frame 2 scored at 19, frame 3 at 21; recall 1
    // starts at 22, scored at 26 and 28; T = 29.
    TaskSpec task = TaskSpecs.spec(TaskKind.SEQUENCE, 3, 3, 3, 2, 1, 1, 0.5);
    WindowLayout layout = new WindowLayout(task, 3);
    assertEquals(29, layout.length(2));
    assertEquals(2, layout.scoredStepsPerRecall());
    assertArrayEquals(new int[] {19, 21, 26, 28}, layout.scoreSteps(2));
  }

  @Test
  void hiddenBitsPerSnippetPerKind() {
    assertEquals(3, new WindowLayout(TaskSpecs.autoassoc(5, 1, 1, 0, 0.5), 2).maskedBits());
    assertEquals(
        3, new WindowLayout(TaskSpecs.autoassoc(5, 1, 1, 0, 0.5), 2).hiddenBitsPerSnippet());
    assertEquals(
        2, new WindowLayout(TaskSpecs.autoassoc(4, 1, 1, 0, 0.5), 2).hiddenBitsPerSnippet());
    assertEquals(
        7,
        new WindowLayout(TaskSpecs.spec(TaskKind.HETEROASSOC, 4, 7, 2, 1, 1, 0, 0.5), 2)
            .hiddenBitsPerSnippet());
    assertEquals(
        12,
        new WindowLayout(TaskSpecs.spec(TaskKind.SEQUENCE, 4, 4, 4, 1, 1, 0, 0.5), 2)
            .hiddenBitsPerSnippet());
  }

  @Test
  void sequenceNeedsAtLeastTwoRecallSteps() {
    TaskSpec task = TaskSpecs.spec(TaskKind.SEQUENCE, 3, 3, 3, 1, 1, 0, 0.5);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new WindowLayout(task, 1));
    assertEquals("task.recallSteps must be resolved to >= 2 for sequence, got 1", e.getMessage());
  }

  @Test
  void kBelowOneIsRejected() {
    WindowLayout layout = new WindowLayout(TaskSpecs.autoassoc(3, 1, 1, 0, 0.5), 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> layout.length(0));
    assertEquals("task.snippets must be >= 1, got 0", e.getMessage());
  }
}
