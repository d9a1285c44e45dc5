package org.engram.task;

import org.engram.model.WindowInput;

/**
 * One sampled window: what the network consumes ({@link #input()}) plus what was drawn to make it,
 * which tests and probes need: the stored snippets and which snippet each recall event showed.
 *
 * <p>A snippet is a flat vector of {@code +-1} bits whose layout depends on the task kind: {@code
 * autoassoc} the D bits of {@code p}; {@code heteroassoc} the D key bits then the Dv value bits;
 * {@code sequence} the frames {@code p1 .. pL} back to back, frame {@code l} (from 0) at bits
 * {@code l * D .. (l + 1) * D - 1}. The cue masks are {@link WindowInput#hidden()}.
 */
public final class SampledWindow {
  private final WindowInput input;
  private final int[][][] snippets;
  private final int[][] recalled;

  SampledWindow(WindowInput input, int[][][] snippets, int[][] recalled) {
    this.input = input;
    this.snippets = snippets;
    this.recalled = recalled;
  }

  /** The window as the network consumes it. */
  public WindowInput input() {
    return input;
  }

  /** K, the snippets stored in this window. */
  public int snippetCount() {
    return snippets.length;
  }

  /** B, the lifetimes of the batch. */
  public int batch() {
    return input.batch();
  }

  /** Bits of one snippet (D, D + Dv, or L * D). */
  public int snippetBits() {
    return snippets[0][0].length;
  }

  /** Bit {@code i} ({@code +-1}) of snippet {@code k} stored in lifetime {@code b}. */
  public int snippetBit(int k, int b, int i) {
    return snippets[k][b][i];
  }

  /** A copy of snippet {@code k} of lifetime {@code b}. */
  public int[] snippet(int k, int b) {
    return snippets[k][b].clone();
  }

  /** Which stored snippet (0 .. K - 1) recall event {@code r} of lifetime {@code b} showed. */
  public int recalled(int r, int b) {
    return recalled[r][b];
  }
}
