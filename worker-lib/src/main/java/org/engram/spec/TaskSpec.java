package org.engram.spec;

import static org.engram.spec.Checks.atLeast;
import static org.engram.spec.Checks.inRange;
import static org.engram.spec.Checks.notNull;

/**
 * The remembering task of one trial (MODEL.md section 5).
 *
 * @param kind the task family
 * @param patternSize D: data channels (the snippet of {@code autoassoc} and each frame of {@code
 *     sequence}; the key of {@code heteroassoc})
 * @param valueSize value bits of {@code heteroassoc} (its output neurons); ignored by the others,
 *     whose output neurons are the D data bits
 * @param sequenceLength frames L of a {@code sequence} snippet; ignored by the others
 * @param snippets K, the difficulty: snippets stored per window
 * @param present steps a snippet is shown for storage
 * @param gap blank steps after each storage event
 * @param recallSteps steps a cue is shown; 0 means {@code auto} (MODEL.md section 10.1)
 * @param delay blank steps between storage and recall
 * @param maskFraction fraction of an {@code autoassoc} cue's bits set to 0
 * @param windowsPerLifetime windows a network lives before it is born again
 */
public record TaskSpec(
    TaskKind kind,
    int patternSize,
    int valueSize,
    int sequenceLength,
    int snippets,
    int present,
    int gap,
    int recallSteps,
    int delay,
    double maskFraction,
    int windowsPerLifetime) {

  /** The value of {@link #recallSteps()} that means {@code auto}. */
  public static final int AUTO_RECALL_STEPS = 0;

  public TaskSpec {
    notNull("task.kind", kind);
    atLeast("task.patternSize", patternSize, 1);
    atLeast("task.valueSize", valueSize, 1);
    atLeast("task.sequenceLength", sequenceLength, 2);
    atLeast("task.snippets", snippets, 1);
    atLeast("task.present", present, 1);
    atLeast("task.gap", gap, 0);
    atLeast("task.recallSteps", recallSteps, 0);
    atLeast("task.delay", delay, 0);
    inRange("task.maskFraction", maskFraction, 0.0, 1.0, false);
    atLeast("task.windowsPerLifetime", windowsPerLifetime, 1);
  }

  /** MODEL.md's defaults: autoassoc, D = 8, K = 4, present 1, gap 1, recallSteps auto. */
  public static TaskSpec defaults() {
    return new TaskSpec(TaskKind.AUTOASSOC, 8, 8, 3, 4, 1, 1, AUTO_RECALL_STEPS, 0, 0.5, 8);
  }

  /** Data channels, and input neurons. */
  public int dataSize() {
    return patternSize;
  }

  /** Target channels, and output neurons: the value bits of heteroassoc, D otherwise. */
  public int outputSize() {
    return kind == TaskKind.HETEROASSOC ? valueSize : patternSize;
  }

  /** Whether {@code task.recallSteps} is {@code auto}. */
  public boolean autoRecallSteps() {
    return recallSteps == AUTO_RECALL_STEPS;
  }

  public TaskSpec withSnippets(int k) {
    return new TaskSpec(
        kind,
        patternSize,
        valueSize,
        sequenceLength,
        k,
        present,
        gap,
        recallSteps,
        delay,
        maskFraction,
        windowsPerLifetime);
  }

  public TaskSpec withKind(TaskKind k, int d, int dv) {
    return new TaskSpec(
        k,
        d,
        dv,
        sequenceLength,
        snippets,
        present,
        gap,
        recallSteps,
        delay,
        maskFraction,
        windowsPerLifetime);
  }

  public TaskSpec withRecallSteps(int steps) {
    return new TaskSpec(
        kind,
        patternSize,
        valueSize,
        sequenceLength,
        snippets,
        present,
        gap,
        steps,
        delay,
        maskFraction,
        windowsPerLifetime);
  }
}
