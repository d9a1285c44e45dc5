package org.engram.task;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code heteroassoc} windows (MODEL.md section 5): a snippet is a key of D bits and a value of Dv
 * bits. Storage shows the key on the data channels and the value on the target channels with store
 * = 1; the cue is the key alone with recall = 1 (target channels 0), so every value bit is hidden.
 */
final class HeteroassocSampler extends SnippetWindowSampler {
  private final int d;
  private final int dv;

  HeteroassocSampler(WindowLayout layout, DataType dtype) {
    super(layout, dtype);
    this.d = layout.dataSize();
    this.dv = layout.outputSize();
  }

  @Override
  int snippetBits() {
    return d + dv;
  }

  @Override
  void writeStorage(WindowBuffer buf, int t0, int b, int[] kv) {
    for (int t = t0; t < t0 + layout.task().present(); t++) {
      showData(buf, t, b, kv, 0, d);
      buf.set(t, b, layout.storeChannel(), 1.0);
      showTargets(buf, t, b, kv, d, dv);
    }
  }

  @Override
  void writeRecall(WindowBuffer buf, int k, int r, int b, int[] kv, SplittableRandom rng) {
    int t0 = layout.recallStart(k, r);
    for (int t = t0; t < t0 + layout.recallSteps(); t++) {
      showData(buf, t, b, kv, 0, d);
      buf.set(t, b, layout.recallChannel(), 1.0);
    }
    for (int i = 0; i < dv; i++) {
      buf.target(r, b, i, kv[d + i], true);
    }
  }
}
