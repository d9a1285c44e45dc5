package org.engram.task;

import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;

/**
 * Where the events of one window sit (MODEL.md section 5 and section 10.8), for a task and a
 * resolved {@code recallSteps}; the difficulty K is an argument, since evaluation sweeps it.
 *
 * <p>A window is K storage events back to back, {@code delay} blank steps, then K recall events
 * back to back. A storage event shows the snippet for {@code present} steps ({@code sequence}: each
 * of its L frames for {@code present} steps) then leaves {@code gap} blank steps. A recall event
 * shows the cue for {@code recallSteps} steps, scored at the last; a {@code sequence} recall then
 * runs {@code recallSteps - 1} blank steps per further frame, scoring each frame at the last of
 * them.
 *
 * @param task the task; its {@code snippets} is ignored in favour of the K passed to each method
 * @param recallSteps the resolved {@code task.recallSteps} (never {@code auto})
 */
public record WindowLayout(TaskSpec task, int recallSteps) {

  public WindowLayout {
    if (task == null) {
      throw new IllegalArgumentException("task is required");
    }
    // A sequence frame is scored recallSteps - 1 steps after the previous one: at least 1.
    int min = task.kind() == TaskKind.SEQUENCE ? 2 : 1;
    if (recallSteps < min) {
      throw new IllegalArgumentException(
          "task.recallSteps must be resolved to >= "
              + min
              + " for "
              + task.kind().label()
              + ", got "
              + recallSteps);
    }
  }

  /** Steps of one storage event: {@code present + gap}, or {@code L * present + gap}. */
  public int storageEventSteps() {
    return framesPerSnippet() * task.present() + task.gap();
  }

  /** Steps of one recall event: {@code recallSteps + (L - 1) * (recallSteps - 1)} for sequence. */
  public int recallEventSteps() {
    return isSequence()
        ? recallSteps + (task.sequenceLength() - 1) * (recallSteps - 1)
        : recallSteps;
  }

  /** Total steps of a window at difficulty {@code k}. */
  public int length(int k) {
    checkK(k);
    return k * storageEventSteps() + task.delay() + k * recallEventSteps();
  }

  /** The window length for {@code task} at difficulty {@code k}, see {@link #length(int)}. */
  public static int length(TaskSpec task, int k, int recallSteps) {
    return new WindowLayout(task, recallSteps).length(k);
  }

  /** First step of storage event {@code i}. */
  public int storageStart(int i) {
    return i * storageEventSteps();
  }

  /** First step of recall event {@code r} in a window at difficulty {@code k}. */
  public int recallStart(int k, int r) {
    return k * storageEventSteps() + task.delay() + r * recallEventSteps();
  }

  /** Scored steps of one recall event: L - 1 for sequence, 1 otherwise. */
  public int scoredStepsPerRecall() {
    return isSequence() ? task.sequenceLength() - 1 : 1;
  }

  /**
   * The {@code j}-th scored step of recall event {@code r} ({@code j = 0 .. scoredStepsPerRecall -
   * 1}): the cue's last step, or for sequence the last blank step of frame {@code j + 2}.
   */
  public int scoreStep(int k, int r, int j) {
    int cueEnd = recallStart(k, r) + recallSteps - 1;
    return isSequence() ? cueEnd + (j + 1) * (recallSteps - 1) : cueEnd;
  }

  /** All scored steps of a window at difficulty {@code k}, in increasing order. */
  public int[] scoreSteps(int k) {
    checkK(k);
    int per = scoredStepsPerRecall();
    int[] steps = new int[k * per];
    for (int r = 0; r < k; r++) {
      for (int j = 0; j < per; j++) {
        steps[r * per + j] = scoreStep(k, r, j);
      }
    }
    return steps;
  }

  /** Data channels D. */
  public int dataSize() {
    return task.dataSize();
  }

  /** Target channels Dout: the value bits of heteroassoc, D otherwise. */
  public int outputSize() {
    return task.outputSize();
  }

  /** Input channels Din = D + 2 + Dout. */
  public int channelCount() {
    return dataSize() + 2 + outputSize();
  }

  /** Channel of the store control. */
  public int storeChannel() {
    return dataSize();
  }

  /** Channel of the recall control. */
  public int recallChannel() {
    return dataSize() + 1;
  }

  /** Channel of target bit {@code k}. */
  public int targetChannel(int k) {
    return dataSize() + 2 + k;
  }

  /**
   * Hidden bits per snippet h (MODEL.md section 7): {@code round(maskFraction * D)} (half up,
   * section 10.2) for autoassoc, Dv for heteroassoc, {@code (L - 1) * D} for sequence.
   */
  public int hiddenBitsPerSnippet() {
    return switch (task.kind()) {
      case AUTOASSOC -> maskedBits();
      case HETEROASSOC -> task.valueSize();
      case SEQUENCE -> (task.sequenceLength() - 1) * task.patternSize();
    };
  }

  /** Bits an autoassoc cue hides: {@code Math.round(maskFraction * D)} (MODEL.md section 10.2). */
  public int maskedBits() {
    return (int) Math.round(task.maskFraction() * task.patternSize());
  }

  /** Frames a snippet shows for storage: L for sequence, 1 otherwise. */
  int framesPerSnippet() {
    return isSequence() ? task.sequenceLength() : 1;
  }

  private boolean isSequence() {
    return task.kind() == TaskKind.SEQUENCE;
  }

  private static void checkK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("task.snippets must be >= 1, got " + k);
    }
  }
}
