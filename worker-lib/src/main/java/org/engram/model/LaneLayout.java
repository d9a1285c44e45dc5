package org.engram.model;

/**
 * How the fused synapse kernels ({@link FloatLaneKernel}, {@link DoubleLaneKernel}) lay out one
 * batch of synapses so that their loops vectorise.
 *
 * <p>The synapses {@code j -> i} of one receiving row i, for all B lifetimes, form the lanes of
 * that row, ordered {@code (j, b)} with b fastest. The pre-neurons are cut into groups of {@link
 * #group()} neurons; the lanes of a (row, group) pair, a <em>chunk</em> of at most {@link #width()}
 * lanes, live in their own small arrays, one per state component. Every loop of a kernel runs over
 * one chunk and indexes all its arrays with the same lane index from 0: HotSpot (JDK 17) vectorises
 * such loops, but not loops that read and write arrays at different offsets (it cannot rule out
 * that they are the same array), and it vectorises loops of a hundred or more iterations far better
 * than short ones. A chunk whose row has no synapse from the group is skipped altogether.
 *
 * <p>Quantities of the post-neuron (one per lifetime) repeat with period B along the lanes; sums
 * over the pre-neurons of a row are taken by adding whole chunks lane by lane and folding the
 * period at the end of the row.
 *
 * <p>A layout may cover a range of the receiving rows only ({@link #rowFrom()} on, {@link #rows()}
 * of the {@link #totalRows()}): {@link ParallelLaneKernel} gives each thread the kernel of one
 * range. Row indices of a layout are local to its range.
 */
final class LaneLayout {
  /** Lanes per chunk to aim for: long enough for the vectorised loops, short enough for L1/L2. */
  private static final int TARGET_WIDTH = 128;

  /**
   * Every chunk's lanes are padded to a multiple of this: a whole number of the widest float
   * vectors (AVX-512), so that {@link VectorFloatLaneKernel} needs no tail loop. Padding lanes have
   * mask 0, state 0 and input 0, so they stay 0 and add nothing to any sum.
   */
  static final int LANE_MULTIPLE = 16;

  private final int batch;
  private final int neurons;
  private final int inputs;
  private final int rows;
  private final int rowFrom;
  private final int totalRows;
  private final int group;
  private final int chunks;
  private final boolean[] active; // [row * chunks + chunk]
  private final double[] mask; // [row * neurons + j], C of the receiving rows

  LaneLayout(NetworkStructure structure, int batch) {
    this(structure, batch, 0, structure.receivingCount());
  }

  /** The layout of the receiving rows {@code [from, to)}. */
  LaneLayout(NetworkStructure structure, int batch, int from, int to) {
    if (from < 0 || to > structure.receivingCount() || from >= to) {
      throw new IllegalArgumentException(
          "rows [" + from + ", " + to + ") of " + structure.receivingCount());
    }
    this.batch = batch;
    this.neurons = structure.neuronCount();
    this.inputs = structure.inputCount();
    this.rows = to - from;
    this.rowFrom = from;
    this.totalRows = structure.receivingCount();
    this.group = Math.max(1, Math.min(neurons, TARGET_WIDTH / batch));
    this.chunks = (neurons + group - 1) / group;
    this.active = new boolean[rows * chunks];
    this.mask = new double[rows * neurons];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < neurons; j++) {
        if (structure.connected(inputs + from + r, j)) {
          mask[r * neurons + j] = 1.0;
          active[r * chunks + j / group] = true;
        }
      }
    }
  }

  int batch() {
    return batch;
  }

  /** N. */
  int neurons() {
    return neurons;
  }

  /** Input and control neurons, which receive nothing: row r is neuron {@code inputs() + r}. */
  int inputs() {
    return inputs;
  }

  /** The receiving rows of this layout (R for a whole network). */
  int rows() {
    return rows;
  }

  /** The network's first receiving row in this layout: local row r is row {@code rowFrom() + r}. */
  int rowFrom() {
    return rowFrom;
  }

  /** R, the network's receiving rows, which index the {@code [B, R, ...]} arrays of a kernel. */
  int totalRows() {
    return totalRows;
  }

  /** Pre-neurons per chunk. */
  int group() {
    return group;
  }

  /** Chunks per row. */
  int chunks() {
    return chunks;
  }

  /** The most lanes of a chunk: {@code group() * batch()}, padded. */
  int width() {
    return padded(group * batch);
  }

  /** First pre-neuron of chunk c. */
  int firstPre(int c) {
    return c * group;
  }

  /** Pre-neurons in chunk c (the last chunk may have fewer). */
  int preCount(int c) {
    return Math.min(neurons, (c + 1) * group) - c * group;
  }

  /** Lanes of chunk c: {@code preCount(c) * batch()} used, then padding. */
  int length(int c) {
    return padded(preCount(c) * batch);
  }

  private static int padded(int lanes) {
    return (lanes + LANE_MULTIPLE - 1) / LANE_MULTIPLE * LANE_MULTIPLE;
  }

  /** Whether row r has a synapse from some pre-neuron of chunk c. */
  boolean active(int r, int c) {
    return active[r * chunks + c];
  }

  /** C[inputs + r][j]. */
  double mask(int r, int j) {
    return mask[r * neurons + j];
  }
}
