package org.engram.task;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code autoassoc} windows (MODEL.md section 5, golden/README.md {@code inputs}): a snippet {@code
 * p} of D bits is stored on the data and target channels with store = 1; its cue is {@code p} with
 * exactly {@code round(maskFraction * D)} bits set to 0, drawn afresh for every recall event
 * (section 10.2), shown on the data and target channels with recall = 1. Every bit of {@code p} is
 * a target; the masked ones are hidden.
 */
final class AutoassocSampler extends SnippetWindowSampler {
  private final int d;
  private final int masked;

  AutoassocSampler(WindowLayout layout, DataType dtype) {
    super(layout, dtype);
    this.d = layout.dataSize();
    this.masked = layout.maskedBits();
  }

  @Override
  int snippetBits() {
    return d;
  }

  @Override
  void writeStorage(WindowBuffer buf, int t0, int b, int[] p) {
    for (int t = t0; t < t0 + layout.task().present(); t++) {
      showData(buf, t, b, p, 0, d);
      buf.set(t, b, layout.storeChannel(), 1.0);
      showTargets(buf, t, b, p, 0, d);
    }
  }

  @Override
  void writeRecall(WindowBuffer buf, int k, int r, int b, int[] p, SplittableRandom rng) {
    boolean[] hide = chooseHidden(d, masked, rng);
    int[] cue = new int[d];
    for (int i = 0; i < d; i++) {
      cue[i] = hide[i] ? 0 : p[i];
    }
    int t0 = layout.recallStart(k, r);
    for (int t = t0; t < t0 + layout.recallSteps(); t++) {
      showData(buf, t, b, cue, 0, d);
      buf.set(t, b, layout.recallChannel(), 1.0);
      showTargets(buf, t, b, cue, 0, d);
    }
    for (int i = 0; i < d; i++) {
      buf.target(r, b, i, p[i], hide[i]);
    }
  }

  /** Exactly {@code n} of {@code d} positions, uniformly: a partial Fisher-Yates shuffle. */
  static boolean[] chooseHidden(int d, int n, SplittableRandom rng) {
    int[] order = new int[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
    }
    boolean[] hide = new boolean[d];
    for (int i = 0; i < n; i++) {
      int j = i + rng.nextInt(d - i);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
      hide[order[i]] = true;
    }
    return hide;
  }
}
