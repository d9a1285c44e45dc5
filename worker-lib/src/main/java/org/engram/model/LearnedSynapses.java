package org.engram.model;

import static org.engram.model.HostArrays.doubles;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The message and the learned synapse rule F_s (MODEL.md sections 3.1 and 3.3): {@code v_ij =
 * [w_ij, a'_i, a_j, e_i, e_j]}, {@code z = tanh(U1 v_ij + d1)}, {@code [c, g] = U2 z + d2}, {@code
 * w' = C ((1 - sigma(g)) w + sigma(g) tanh(c))}.
 *
 * <p>The first layer is factorised as section 3.3 requires: {@code U1 v_ij = Uw w_ij + P_i + Q_j}
 * with the post part {@code P_i = Upa a'_i + Upe e_i + d1} and the pre part {@code Q_j = Uqa a_j +
 * Uqe e_j}. The work per synapse (the message sums, the rule and both backward passes) runs in a
 * {@link LaneKernel}, fused, because as a chain of ND4J ops on {@code [B, R, N, Hs]} arrays it was
 * dominated by op dispatch, temporaries and BLAS packing of skinny products. The work per neuron
 * (P, {@code h = M vec(Z)}, the gradients of the neuron parts) is done here, in double, split
 * between the trial's threads in equal ranges of receiving rows and of neurons where it has more
 * than one and the window has {@link #MIN_ROWS_PER_RANGE} rows a thread ({@link
 * RangeHelpers#inParallel}).
 */
final class LearnedSynapses implements Synapses {
  private final NetworkStructure structure;
  private final int inputs;
  private final int s;
  private final int a;
  private final int e;
  private final double[] invSqrtFanIn; // [R]
  private final LaneKernel.Pools pools = new LaneKernel.Pools();

  LearnedSynapses(NetworkStructure structure, int synapseSize, int activationSize, int embSize) {
    this.structure = structure;
    this.inputs = structure.inputCount();
    this.s = synapseSize;
    this.a = activationSize;
    this.e = embSize;
    int r = structure.receivingCount();
    this.invSqrtFanIn = new double[r];
    for (int row = 0; row < r; row++) {
      invSqrtFanIn[row] = 1.0 / Math.sqrt(structure.fanIn(inputs + row));
    }
  }

  @Override
  public Window begin(MetaParameters theta, INDArray embeddings, INDArray start, boolean keepTape) {
    return new KernelWindow(theta, embeddings, start, keepTape);
  }

  /** Columns {@code [from, from + cols)} of a row-major {@code [rows, width]} matrix. */
  static double[] block(double[] m, int rows, int width, int from, int cols) {
    double[] out = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(m, i * width + from, out, i * cols, cols);
    }
    return out;
  }

  /** Adds {@code v} ({@code [rows, cols]}) to columns {@code [from, from + cols)} of {@code m}. */
  static void addBlock(double[] m, int width, int from, double[] v, int rows, int cols) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        m[i * width + from + j] += v[i * cols + j];
      }
    }
  }

  /** The column sums of a row-major {@code [rows, cols]} matrix. */
  static double[] columnSums(double[] m, int rows, int cols) {
    double[] out = new double[cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[j] += m[i * cols + j];
      }
    }
    return out;
  }

  private static final boolean VECTOR_DOT = VectorSupport.enabled();

  /**
   * {@code x . y}: {@link VectorDot#dot} when the JVM has the Vector API, else {@link #plainDot}.
   */
  static double dot(double[] x, double[] y) {
    return VECTOR_DOT ? VectorDot.dot(x, y) : plainDot(x, y);
  }

  /** {@code x . y} in four partial sums (one chain of additions would wait on each's latency). */
  static double plainDot(double[] x, double[] y) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 4 <= x.length; k += 4) {
      s0 += x[k] * y[k];
      s1 += x[k + 1] * y[k + 1];
      s2 += x[k + 2] * y[k + 2];
      s3 += x[k + 3] * y[k + 3];
    }
    for (; k < x.length; k++) {
      s0 += x[k] * y[k];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** A row-major {@code [rows, cols]} array as its rows. */
  static double[][] rows(double[] v, int rows, int cols) {
    double[][] out = new double[rows][];
    for (int i = 0; i < rows; i++) {
      out[i] = java.util.Arrays.copyOfRange(v, i * cols, (i + 1) * cols);
    }
    return out;
  }

  /** The rows of an array, concatenated. */
  static double[] flat(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] v = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, v, i * cols, cols);
    }
    return v;
  }

  /** The {@code [cols, rows]} transpose of a row-major {@code [rows, cols]} array. */
  static double[] transpose(double[] v, int rows, int cols) {
    double[] t = new double[v.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = v[i * cols + j];
      }
    }
    return t;
  }

  /** d a' and d a of an update ({@code [B, N, A]} in c order), added where they are wanted. */
  private record HostGrads(double[] actNext, double[] act) implements Grads {
    @Override
    public void addActNextTo(INDArray dActNext) {
      HostArrays.add(dActNext, actNext);
    }

    @Override
    public void addActTo(INDArray dAct) {
      HostArrays.add(dAct, act);
    }
  }

  /**
   * The fewest rows (of all lifetimes) per thread worth splitting a window's neuron parts for: a
   * row's part is a few hundred multiply-adds, a hand-over a few microseconds.
   */
  static final int MIN_ROWS_PER_RANGE = 32;

  /** {@code [0, count)} cut into {@code parts} contiguous ranges as equal as can be. */
  static int[][] equalRanges(int count, int parts) {
    int[][] ranges = new int[parts][];
    for (int i = 0; i < parts; i++) {
      ranges[i] =
          new int[] {(int) ((long) count * i / parts), (int) ((long) count * (i + 1) / parts)};
    }
    return ranges;
  }

  /**
   * One range's scratch rows and its sums of the neuron parts' weight gradients over the window.
   * Row arrays ([A][Hs], [A][S*A]) and row scratch: HotSpot vectorises a loop over arrays only
   * where every array is indexed alike (it cannot rule out that two offsets alias).
   */
  private static final class RangePart {
    final double[] rowHs; // one neuron's Hs values
    final double[] rowSa; // one row's S*A values
    final double[] rowSa2;
    final double[][] dUpaT; // d Upa, transposed
    final double[][] dUqaT;
    final double[][] dM;

    RangePart(int a, int s, int hs) {
      rowHs = new double[hs];
      rowSa = new double[s * a];
      rowSa2 = new double[s * a];
      dUpaT = new double[a][hs];
      dUqaT = new double[a][hs];
      dM = new double[a][s * a];
    }

    static void addTo(double[][] total, double[][] part) {
      for (int i = 0; i < total.length; i++) {
        for (int k = 0; k < total[i].length; k++) {
          total[i][k] += part[i][k];
        }
      }
    }
  }

  /** What the backward pass needs of one step, besides the kernel's tape. */
  private record StepTape(double[] act, double[] actNext, double[] sums, double[] post) {}

  private final class KernelWindow implements Window {
    private final MetaParameters theta;
    private final DataType dtype;
    private final int batch;
    private final int n;
    private final int r;
    private final int hs;
    private final int width; // U1's columns: S + 2A + 2E
    private final double[] emb; // the embeddings, [N, E]
    private final double[] upe; // U1's block for e_i, [Hs, E]
    private final double[] uqe; // U1's block for e_j, [Hs, E]
    // Row arrays ([A][Hs], [A][S*A]) and row scratch: HotSpot vectorises a loop over arrays only
    // where every array is indexed alike (it cannot rule out that two offsets alias).
    private final double[][] upaT; // Upa transposed: the loops over Hs are the inner ones
    private final double[][] uqaT;
    private final double[][] mRows; // M, [A][S*A]
    private final double[] postBias; // [R, Hs] = Upe e_i + d1
    private final LaneKernel kernel;
    private final List<StepTape> tape;
    private double[] act;
    private double[] sums;
    // The neuron parts' loops, split between the kernel's threads: range i takes receiving rows
    // rowRanges[i] and neurons neuronRanges[i], with parts[i]'s scratch and sums.
    private final int[][] rowRanges;
    private final int[][] neuronRanges;
    private final RangePart[] parts;
    // Gradients of the per-row and per-neuron biases, summed over the window; the ranges write
    // disjoint rows of them.
    private final double[] dPostBias; // [R, Hs]
    private final double[] dPreBias; // [N, Hs]

    KernelWindow(MetaParameters theta, INDArray embeddings, INDArray start, boolean keepTape) {
      this.theta = theta;
      this.dtype = start.dataType();
      this.batch = (int) start.size(0);
      this.n = structure.neuronCount();
      this.r = structure.receivingCount();
      // The parameters and embeddings are read into host arrays once per window and split there:
      // as ND4J views and products, each block cost an ND4J buffer, whose bookkeeping (a weak
      // reference, a map entry, a native wrapper) outlives a young collection; a smoke-sized
      // meta-update made some 230 such buffers, and collecting them was most of its GC time.
      INDArray u1Array = theta.get("U1");
      this.hs = (int) u1Array.size(0);
      this.width = s + 2 * a + 2 * e;
      double[] u1 = doubles(u1Array);
      if (u1.length != hs * width) {
        throw new IllegalArgumentException(
            "U1 must be ["
                + hs
                + ", "
                + width
                + "], got "
                + java.util.Arrays.toString(u1Array.shape()));
      }
      this.emb = doubles(embeddings);
      double[] uqa = block(u1, hs, width, s + a, a);
      this.upaT = rows(transpose(block(u1, hs, width, s, a), hs, a), a, hs);
      this.uqaT = rows(transpose(uqa, hs, a), a, hs);
      this.mRows = rows(doubles(theta.get("M")), a, s * a);
      this.upe = block(u1, hs, width, s + 2 * a, e);
      this.uqe = block(u1, hs, width, s + 2 * a + e, e);
      this.postBias = embeddingTerms(inputs, r, upe, doubles(theta.get("d1")));
      double[] preBias = embeddingTerms(0, n, uqe, new double[hs]);
      LaneKernel.Weights weights =
          new LaneKernel.Weights(
              s,
              a,
              hs,
              block(u1, hs, width, 0, s),
              doubles(theta.get("U2")),
              doubles(theta.get("d2")),
              uqa,
              preBias);
      int threads = KernelThreads.get();
      this.kernel =
          LaneKernel.create(structure, batch, dtype, weights, keepTape, start, pools, threads);
      int split = batch * r >= MIN_ROWS_PER_RANGE * threads ? threads : 1;
      this.rowRanges = equalRanges(r, split);
      this.neuronRanges = equalRanges(n, rowRanges.length);
      this.parts = new RangePart[rowRanges.length];
      for (int i = 0; i < parts.length; i++) {
        parts[i] = new RangePart(a, s, hs);
      }
      this.tape = keepTape ? new ArrayList<>() : null;
      this.dPostBias = new double[r * hs];
      this.dPreBias = new double[n * hs];
    }

    @Override
    public INDArray message(INDArray actBefore) {
      act = doubles(actBefore);
      sums = kernel.step(act);
      int sa = s * a;
      double[] h = new double[batch * n * a];
      double[] stepSums = sums;
      inRanges(
          i -> {
            double[] sumsRow = parts[i].rowSa;
            for (int b = 0; b < batch; b++) {
              for (int row = rowRanges[i][0]; row < rowRanges[i][1]; row++) {
                int to = (b * n + inputs + row) * a;
                System.arraycopy(stepSums, (b * r + row) * sa, sumsRow, 0, sa);
                for (int al = 0; al < a; al++) {
                  h[to + al] = invSqrtFanIn[row] * dot(mRows[al], sumsRow);
                }
              }
            }
          });
      return Nd4j.create(h, new long[] {batch, n, a}, dtype);
    }

    @Override
    public void update(INDArray actNext, INDArray actBefore) {
      double[] next = doubles(actNext);
      double[] post = new double[batch * r * hs];
      inRanges(
          i -> {
            double[] p = parts[i].rowHs;
            for (int b = 0; b < batch; b++) {
              for (int row = rowRanges[i][0]; row < rowRanges[i][1]; row++) {
                int from = (b * n + inputs + row) * a;
                int to = (b * r + row) * hs;
                // P = bias + sum_alpha Upa[., alpha] a'[alpha], alpha by alpha over all k
                // (vectorises).
                System.arraycopy(postBias, row * hs, p, 0, hs);
                for (int al = 0; al < a; al++) {
                  double x = next[from + al];
                  double[] u = upaT[al];
                  for (int k = 0; k < hs; k++) {
                    p[k] += u[k] * x;
                  }
                }
                System.arraycopy(p, 0, post, to, hs);
              }
            }
          });
      kernel.update(post);
      if (tape != null) {
        tape.add(new StepTape(act, next, sums, post));
      }
    }

    @Override
    public INDArray state() {
      return kernel.synapses(dtype);
    }

    @Override
    public Grads backwardUpdate(int t, MetaParameters grads) {
      StepTape step = tape.get(t);
      double[] dPost = new double[batch * r * hs];
      double[] dPre = kernel.backwardUpdate(t, step.post(), dPost);
      double[] dActNext = new double[batch * n * a];
      double[] dAct = new double[batch * n * a];
      inRanges(
          i -> {
            RangePart part = parts[i];
            for (int b = 0; b < batch; b++) {
              for (int row = rowRanges[i][0]; row < rowRanges[i][1]; row++) {
                backNeuronPart(
                    part.rowHs,
                    dPost,
                    (b * r + row) * hs,
                    step.actNext(),
                    (b * n + inputs + row) * a,
                    row * hs,
                    upaT,
                    part.dUpaT,
                    dPostBias,
                    dActNext);
              }
            }
            for (int b = 0; b < batch; b++) {
              for (int j = neuronRanges[i][0]; j < neuronRanges[i][1]; j++) {
                backNeuronPart(
                    part.rowHs,
                    dPre,
                    (b * n + j) * hs,
                    step.act(),
                    (b * n + j) * a,
                    j * hs,
                    uqaT,
                    part.dUqaT,
                    dPreBias,
                    dAct);
              }
            }
          });
      return new HostGrads(dActNext, dAct);
    }

    /**
     * Back through one neuron's part {@code bias + U x} ({@code U} stored transposed, {@code [A,
     * Hs]}) given its gradient {@code g = d[gAt, gAt + Hs)}: adds g to the bias's gradient, {@code
     * x (outer) g} to U's and {@code U^T g} to x's; {@code g} is copied into {@code rowHs} first.
     */
    private void backNeuronPart(
        double[] rowHs,
        double[] d,
        int gAt,
        double[] x,
        int xAt,
        int biasAt,
        double[][] uT,
        double[][] dUT,
        double[] dBias,
        double[] dx) {
      double[] g = rowHs;
      System.arraycopy(d, gAt, g, 0, hs);
      for (int k = 0; k < hs; k++) {
        dBias[biasAt + k] += g[k];
      }
      for (int al = 0; al < a; al++) {
        double xa = x[xAt + al];
        double[] dU = dUT[al];
        for (int k = 0; k < hs; k++) {
          dU[k] += g[k] * xa;
        }
        dx[xAt + al] += dot(uT[al], g);
      }
    }

    @Override
    public void backwardMessage(int t, MetaParameters grads, INDArray dH, INDArray dActAcc) {
      double[] sumsT = tape.get(t).sums();
      double[] dh = doubles(dH);
      int sa = s * a;
      double[] dSums = new double[batch * r * sa];
      inRanges(
          i -> {
            RangePart part = parts[i];
            double[] sumsRow = part.rowSa;
            double[] dRow = part.rowSa2;
            for (int b = 0; b < batch; b++) {
              for (int row = rowRanges[i][0]; row < rowRanges[i][1]; row++) {
                int z = (b * r + row) * sa;
                int from = (b * n + inputs + row) * a;
                System.arraycopy(sumsT, z, sumsRow, 0, sa);
                java.util.Arrays.fill(dRow, 0);
                for (int al = 0; al < a; al++) {
                  double g = invSqrtFanIn[row] * dh[from + al];
                  double[] dMa = part.dM[al];
                  double[] ma = mRows[al];
                  for (int q = 0; q < sa; q++) {
                    dMa[q] += g * sumsRow[q];
                    dRow[q] += ma[q] * g;
                  }
                }
                System.arraycopy(dRow, 0, dSums, z, sa);
              }
            }
          });
      HostArrays.add(dActAcc, kernel.backwardMessage(t, dSums));
    }

    @Override
    public INDArray startGradient() {
      return kernel.synapseGradient(dtype);
    }

    @Override
    public void finish(MetaParameters grads, INDArray dEmbeddings) {
      int o = 2 * s;
      double[] dUw = new double[hs * s];
      double[] dU2 = new double[o * hs];
      double[] dD2 = new double[o];
      kernel.addParameterGradients(dUw, dU2, dD2);
      double[][] dUpaT = new double[a][hs];
      double[][] dUqaT = new double[a][hs];
      double[][] dM = new double[a][s * a];
      for (RangePart part : parts) { // in range order: the sums do not depend on timing
        RangePart.addTo(dUpaT, part.dUpaT);
        RangePart.addTo(dUqaT, part.dUqaT);
        RangePart.addTo(dM, part.dM);
      }
      // All on the host, then one addition per array (see the constructor).
      double[] dU1 = new double[hs * width];
      addBlock(dU1, width, 0, dUw, hs, s);
      addBlock(dU1, width, s, transpose(flat(dUpaT), a, hs), hs, a);
      addBlock(dU1, width, s + a, transpose(flat(dUqaT), a, hs), hs, a);
      addBlock(dU1, width, s + 2 * a, embeddingGradient(dPostBias, inputs, r), hs, e);
      addBlock(dU1, width, s + 2 * a + e, embeddingGradient(dPreBias, 0, n), hs, e);
      HostArrays.add(grads.get("U1"), dU1);
      HostArrays.add(grads.get("U2"), dU2);
      HostArrays.add(grads.get("d2"), dD2);
      HostArrays.add(grads.get("M"), flat(dM));
      HostArrays.add(grads.get("d1"), columnSums(dPostBias, r, hs));
      double[] dEmb = new double[n * e];
      addBackToEmbeddings(dEmb, inputs, dPostBias, r, upe);
      addBackToEmbeddings(dEmb, 0, dPreBias, n, uqe);
      HostArrays.add(dEmbeddings, dEmb);
    }

    /**
     * {@code bias + U e_j} for the {@code count} neurons from {@code first}: {@code [count, Hs]},
     * with {@code u} {@code [Hs, E]}.
     */
    private double[] embeddingTerms(int first, int count, double[] u, double[] bias) {
      double[] out = new double[count * hs];
      for (int j = 0; j < count; j++) {
        int at = (first + j) * e;
        for (int k = 0; k < hs; k++) {
          double sum = bias[k];
          for (int ee = 0; ee < e; ee++) {
            sum += u[k * e + ee] * emb[at + ee];
          }
          out[j * hs + k] = sum;
        }
      }
      return out;
    }

    /**
     * The gradient of {@code U} in {@link #embeddingTerms}, {@code [Hs, E]}: {@code sum_j g_j
     * (outer) e_j} over the {@code count} neurons from {@code first}, {@code g} {@code [count,
     * Hs]}.
     */
    private double[] embeddingGradient(double[] g, int first, int count) {
      double[] out = new double[hs * e];
      for (int j = 0; j < count; j++) {
        int at = (first + j) * e;
        for (int k = 0; k < hs; k++) {
          double gk = g[j * hs + k];
          for (int ee = 0; ee < e; ee++) {
            out[k * e + ee] += gk * emb[at + ee];
          }
        }
      }
      return out;
    }

    /**
     * {@code dEmb[first + j] += U^T g_j}: the gradient of the embeddings in {@link
     * #embeddingTerms}.
     */
    private void addBackToEmbeddings(double[] dEmb, int first, double[] g, int count, double[] u) {
      for (int j = 0; j < count; j++) {
        int at = (first + j) * e;
        for (int k = 0; k < hs; k++) {
          double gk = g[j * hs + k];
          for (int ee = 0; ee < e; ee++) {
            dEmb[at + ee] += gk * u[k * e + ee];
          }
        }
      }
    }

    /** Runs {@code body(i)} for every range i at once (see {@link #parts}). */
    private void inRanges(java.util.function.IntConsumer body) {
      RangeHelpers.inParallel(
          parts.length,
          i -> {
            body.accept(i);
            return null;
          });
    }
  }
}
