package org.engram.task;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code sequence} windows (MODEL.md sections 5 and 10.8): a snippet is L frames of D bits. Storage
 * shows frame {@code l} on the data and target channels for {@code present} steps each, frames back
 * to back, with store = 1, then {@code gap} blank steps. Recall shows {@code p1} on the data and
 * target channels for {@code recallSteps} steps, then for {@code l = 2 .. L} runs {@code
 * recallSteps - 1} blank steps with recall still 1 and scores frame {@code p_l} at the last of
 * them. Every bit of frames 2 .. L is hidden, so a recall event has L - 1 scored steps.
 */
final class SequenceSampler extends SnippetWindowSampler {
  private final int d;
  private final int frames;

  SequenceSampler(WindowLayout layout, DataType dtype) {
    super(layout, dtype);
    this.d = layout.dataSize();
    this.frames = layout.task().sequenceLength();
  }

  @Override
  int snippetBits() {
    return frames * d;
  }

  @Override
  void writeStorage(WindowBuffer buf, int t0, int b, int[] seq) {
    int present = layout.task().present();
    for (int l = 0; l < frames; l++) {
      for (int t = t0 + l * present; t < t0 + (l + 1) * present; t++) {
        showData(buf, t, b, seq, l * d, d);
        buf.set(t, b, layout.storeChannel(), 1.0);
        showTargets(buf, t, b, seq, l * d, d);
      }
    }
  }

  @Override
  void writeRecall(WindowBuffer buf, int k, int r, int b, int[] seq, SplittableRandom rng) {
    int t0 = layout.recallStart(k, r);
    for (int t = t0; t < t0 + layout.recallSteps(); t++) {
      showData(buf, t, b, seq, 0, d);
      showTargets(buf, t, b, seq, 0, d);
    }
    buf.fill(t0, layout.recallEventSteps(), b, layout.recallChannel(), 1.0);
    int per = layout.scoredStepsPerRecall();
    for (int j = 0; j < per; j++) {
      int frame = j + 1;
      for (int i = 0; i < d; i++) {
        buf.target(r * per + j, b, i, seq[frame * d + i], true);
      }
    }
  }
}
