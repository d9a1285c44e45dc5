package org.engram.task;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The part every task kind shares (MODEL.md section 5): K fresh random snippets per lifetime, each
 * written as a storage event, then K recall events, each of a snippet drawn uniformly with
 * replacement from the K stored (a permutation would let the last recall be guessed by
 * elimination). Subclasses say how a snippet is stored and how its cue and targets are written.
 *
 * <p>Draw order, fixed so that equal generators give equal windows: every snippet bit (snippet,
 * then lifetime, then bit), then per recall event and lifetime the recalled index followed by
 * whatever the cue draws.
 */
abstract class SnippetWindowSampler implements WindowSampler {
  protected final WindowLayout layout;
  private final DataType dtype;

  SnippetWindowSampler(WindowLayout layout, DataType dtype) {
    this.layout = layout;
    this.dtype = dtype;
  }

  @Override
  public final WindowLayout layout() {
    return layout;
  }

  @Override
  public final SampledWindow sample(int batch, int k, SplittableRandom rng) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    WindowBuffer buf = new WindowBuffer(layout, batch, k);
    int[][][] snippets = new int[k][batch][];
    for (int i = 0; i < k; i++) {
      for (int b = 0; b < batch; b++) {
        snippets[i][b] = randomBits(snippetBits(), rng);
        writeStorage(buf, layout.storageStart(i), b, snippets[i][b]);
      }
    }
    int[][] recalled = new int[k][batch];
    for (int r = 0; r < k; r++) {
      for (int b = 0; b < batch; b++) {
        recalled[r][b] = rng.nextInt(k);
        writeRecall(buf, k, r, b, snippets[recalled[r][b]][b], rng);
      }
    }
    return new SampledWindow(buf.toInput(dtype, layout.scoredStepsPerRecall()), snippets, recalled);
  }

  /** Bits of one snippet; see {@link SampledWindow} for the layout. */
  abstract int snippetBits();

  /** Writes the storage event of {@code snippet} for lifetime {@code b}, starting at step t0. */
  abstract void writeStorage(WindowBuffer buf, int t0, int b, int[] snippet);

  /**
   * Writes recall event {@code r} of lifetime {@code b} (its cue steps and the targets and hidden
   * masks of its scored steps {@code r * scoredStepsPerRecall ..}).
   */
  abstract void writeRecall(
      WindowBuffer buf, int k, int r, int b, int[] snippet, SplittableRandom rng);

  /** Shows {@code bits[from .. from + count - 1]} on data channels 0 .. count - 1 at step t. */
  static void showData(WindowBuffer buf, int t, int b, int[] bits, int from, int count) {
    for (int i = 0; i < count; i++) {
      buf.set(t, b, i, bits[from + i]);
    }
  }

  /** Shows {@code bits[from .. from + count - 1]} on target channels 0 .. count - 1 at step t. */
  void showTargets(WindowBuffer buf, int t, int b, int[] bits, int from, int count) {
    for (int i = 0; i < count; i++) {
      buf.set(t, b, layout.targetChannel(i), bits[from + i]);
    }
  }

  private static int[] randomBits(int n, SplittableRandom rng) {
    int[] bits = new int[n];
    for (int i = 0; i < n; i++) {
      bits[i] = rng.nextBoolean() ? 1 : -1;
    }
    return bits;
  }
}
