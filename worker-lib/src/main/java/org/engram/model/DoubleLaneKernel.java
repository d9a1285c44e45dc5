package org.engram.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link LaneKernel} with double lanes (see there for how its twin is made).
 *
 * <p>Arrays named by lanes hold one chunk of a {@link LaneLayout}: {@code [row * chunks + chunk]
 * [component][lane]} for synapses, {@code [chunk][component][lane]} for the pre-synaptic side. The
 * innermost loops all run over the lanes of one chunk.
 */
class DoubleLaneKernel extends LaneKernel {
  final LaneLayout lay;
  final int batch;
  private final int neurons;
  private final int rows; // of this kernel's layout
  private final int rowFrom; // the network's row of local row 0
  private final int totalRows; // R, which indexes [B, R, ...] arrays
  private final int chunks;
  final int width;
  final int s;
  final int a;
  final int hs;
  final int outs;
  final double[] uw; // [Hs][S]
  final double[] u2; // [2S][Hs]
  final double[] d2; // [2S]
  private final double[] uqa; // [Hs][A]
  private final double[][][] preBias; // [chunk][k][lane] Uqe e_j
  private final double[][] mask; // [row * chunks + chunk][lane] C, null where the chunk is inactive
  private final LanePool<double[][]> pool; // synapse lanes of steps that nothing reads any more
  private final List<double[][][]> tapeState;
  private final List<double[][][]> tapePreAct;
  private final List<double[][][]> tapePre;

  private double[][][] state; // [row * chunks + chunk][s][lane], null where inactive
  private double[][][] preAct; // [chunk][alpha][lane] a_j before the current step
  private double[][][] pre; // [chunk][k][lane] Q_j = Uqa a_j + Uqe e_j
  private double[][][] grad; // d loss / d state, like state
  // Buffers of the backward pass, reused from step to step instead of allocated (and zeroed) anew.
  private double[][][] spareGrad; // the previous step's grad, overwritten as the next one's
  private double[][][] dPreLanes; // [chunk][k][lane] d Q of one step
  private double[][][] dActLanes; // [chunk][alpha][lane] d a of one step's message

  // Scratch of one row or chunk.
  final double[][] rowPart; // post parts or message sums of one row, repeating every B lanes
  private final double[] foldSums; // [B] scratch of foldRow
  final double[][] rowSum; // d P of one row, summed over its chunks lane by lane
  private final double[][] scratchHidden; // [Hs][lane] z = tanh(Uw w + P + Q)
  private final double[][] dHidden; // [Hs][lane] d (U1 v), before the tanh
  private final double[][] scratchOut; // [2S][lane] U2 z + d2, then tanh(c) and sigma(g)
  private final double[][] dOut; // [2S][lane] d [c, g]

  // Parameter gradients, lane by lane; summed over the lanes once per window, in double. (HotSpot
  // vectorises lane-wise accumulation but not the reduction of a dot product.)
  private final double[][] gradU2; // [2S * Hs][lane]
  private final double[][] gradD2; // [2S][lane]
  private final double[][] gradUw; // [Hs * S][lane]

  DoubleLaneKernel(LaneLayout layout, Weights w, boolean keepTape, LanePool<double[][]> pool) {
    this.lay = layout;
    this.pool = pool;
    this.batch = layout.batch();
    this.neurons = layout.neurons();
    this.rows = layout.rows();
    this.rowFrom = layout.rowFrom();
    this.totalRows = layout.totalRows();
    this.chunks = layout.chunks();
    this.width = layout.width();
    this.s = w.s();
    this.a = w.a();
    this.hs = w.hs();
    this.outs = 2 * s;
    this.uw = narrow(w.uw());
    this.u2 = narrow(w.u2());
    this.d2 = narrow(w.d2());
    this.uqa = narrow(w.uqa());
    this.preBias = new double[chunks][hs][];
    for (int c = 0; c < chunks; c++) {
      for (int k = 0; k < hs; k++) {
        double[] lanes = new double[lay.length(c)];
        for (int jj = 0; jj < lay.preCount(c); jj++) {
          double v = (double) w.preBias()[(lay.firstPre(c) + jj) * hs + k];
          Arrays.fill(lanes, jj * batch, (jj + 1) * batch, v);
        }
        preBias[c][k] = lanes;
      }
    }
    this.mask = new double[rows * chunks][];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < chunks; c++) {
        if (lay.active(r, c)) {
          double[] lanes = new double[lay.length(c)];
          for (int jj = 0; jj < lay.preCount(c); jj++) {
            double v = (double) lay.mask(r, lay.firstPre(c) + jj);
            Arrays.fill(lanes, jj * batch, (jj + 1) * batch, v);
          }
          mask[r * chunks + c] = lanes;
        }
      }
    }
    this.tapeState = keepTape ? new ArrayList<>() : null;
    this.tapePreAct = keepTape ? new ArrayList<>() : null;
    this.tapePre = keepTape ? new ArrayList<>() : null;
    this.rowPart = new double[Math.max(hs, s * a)][width];
    this.rowSum = new double[hs][width];
    this.foldSums = new double[batch];
    this.scratchHidden = new double[hs][width];
    this.dHidden = new double[hs][width];
    this.scratchOut = new double[outs][width];
    this.dOut = new double[outs][width];
    this.gradU2 = new double[outs * hs][width];
    this.gradD2 = new double[outs][width];
    this.gradUw = new double[hs * s][width];
  }

  private static double[] narrow(double[] v) {
    double[] f = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (double) v[i];
    }
    return f;
  }

  /** Flat index of {@code [b, r, j, k]} in a {@code [B, R, N, S]} array, r a local row. */
  private int synapseIndex(int b, int r, int j, int k) {
    return (rowIndex(b, r) * neurons + j) * s + k;
  }

  /** Flat index of {@code [b, r]} in {@code [B, R]}, r a local row. */
  final int rowIndex(int b, int r) {
    return b * totalRows + rowFrom + r;
  }

  @Override
  void load(INDArray synapses) {
    double[] v = HostArrays.doubles(synapses);
    state = new double[rows * chunks][][];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < chunks; c++) {
        if (!lay.active(r, c)) {
          continue;
        }
        double[][] w = new double[s][lay.length(c)];
        for (int jj = 0; jj < lay.preCount(c); jj++) {
          for (int b = 0; b < batch; b++) {
            int from = synapseIndex(b, r, lay.firstPre(c) + jj, 0);
            for (int k = 0; k < s; k++) {
              w[k][jj * batch + b] = v[from + k];
            }
          }
        }
        state[r * chunks + c] = w;
      }
    }
  }

  @Override
  INDArray synapses(DataType dtype) {
    return toSynapseArray(state, dtype);
  }

  @Override
  INDArray synapseGradient(DataType dtype) {
    return toSynapseArray(grad, dtype);
  }

  private INDArray toSynapseArray(double[][][] lanes, DataType dtype) {
    double[] v = new double[batch * totalRows * neurons * s];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < chunks; c++) {
        double[][] w = lanes == null ? null : lanes[r * chunks + c];
        if (w == null) {
          continue;
        }
        for (int jj = 0; jj < lay.preCount(c); jj++) {
          for (int b = 0; b < batch; b++) {
            int to = synapseIndex(b, r, lay.firstPre(c) + jj, 0);
            for (int k = 0; k < s; k++) {
              v[to + k] = w[k][jj * batch + b];
            }
          }
        }
      }
    }
    return Nd4j.create(v, new long[] {batch, totalRows, neurons, s}, dtype);
  }

  /** {@code [B, N, width]} values as lanes {@code [chunk][component][lane]}. */
  private double[][][] toLanes(double[] perNeuron, int count) {
    double[][][] lanes = new double[chunks][count][];
    for (int c = 0; c < chunks; c++) {
      for (int q = 0; q < count; q++) {
        double[] l = new double[lay.length(c)];
        for (int jj = 0; jj < lay.preCount(c); jj++) {
          for (int b = 0; b < batch; b++) {
            l[jj * batch + b] =
                (double) perNeuron[(b * neurons + lay.firstPre(c) + jj) * count + q];
          }
        }
        lanes[c][q] = l;
      }
    }
    return lanes;
  }

  /** The inverse of {@link #toLanes}. */
  private double[] fromLanes(double[][][] lanes, int count) {
    double[] perNeuron = new double[batch * neurons * count];
    for (int c = 0; c < chunks; c++) {
      for (int q = 0; q < count; q++) {
        double[] l = lanes[c][q];
        for (int jj = 0; jj < lay.preCount(c); jj++) {
          for (int b = 0; b < batch; b++) {
            perNeuron[(b * neurons + lay.firstPre(c) + jj) * count + q] = l[jj * batch + b];
          }
        }
      }
    }
    return perNeuron;
  }

  /**
   * Writes row r of {@code [B, R, count]} values into {@code rowPart[0..count)}, each repeated
   * along the lanes with period B, as the lanes of every chunk have it.
   */
  private void expandRow(double[] perRow, int r, int count) {
    for (int q = 0; q < count; q++) {
      double[] lanes = rowPart[q];
      for (int b = 0; b < batch; b++) {
        lanes[b] = (double) perRow[rowIndex(b, r) * count + q];
      }
      // Repeat the first period by doubling copies (memory-speed, unlike a strided loop).
      for (int filled = batch; filled < width; filled *= 2) {
        System.arraycopy(lanes, 0, lanes, filled, Math.min(filled, width - filled));
      }
    }
  }

  /**
   * Adds up {@code lanes[0..count)} over the period B into row r of {@code [B, R, count]}.
   * Overridden by the Vector API kernel.
   */
  void foldRow(double[][] lanes, double[] perRow, int r, int count) {
    double[] sums = foldSums;
    for (int q = 0; q < count; q++) {
      double[] l = lanes[q];
      // Period by period, so that the loop over b vectorises; each b is still summed in order.
      Arrays.fill(sums, 0);
      int i = 0;
      for (; i + batch <= width; i += batch) {
        for (int b = 0; b < batch; b++) {
          sums[b] += l[i + b];
        }
      }
      for (int b = 0; i + b < width; b++) {
        sums[b] += l[i + b];
      }
      for (int b = 0; b < batch; b++) {
        perRow[rowIndex(b, r) * count + q] = sums[b];
      }
    }
  }

  /** Gives the arrays of a dead synapse state back to the pool. */
  private void release(double[][][] lanes) {
    for (int rc = 0; rc < rows * chunks; rc++) {
      if (lanes[rc] != null) {
        pool.give(lay.length(rc % chunks), lanes[rc]);
      }
    }
  }

  /** Zeroed synapse lanes {@code [row * chunks + chunk][s][lane]}, null where inactive. */
  private double[][][] synapseLanes() {
    double[][][] lanes = new double[rows * chunks][][];
    for (int rc = 0; rc < rows * chunks; rc++) {
      if (mask[rc] != null) {
        lanes[rc] = new double[s][lay.length(rc % chunks)];
      }
    }
    return lanes;
  }

  /** Zeroed pre-synaptic lanes {@code [chunk][count][lane]}. */
  private double[][][] preLanes(int count) {
    double[][][] lanes = new double[chunks][count][];
    for (int c = 0; c < chunks; c++) {
      for (int q = 0; q < count; q++) {
        lanes[c][q] = new double[lay.length(c)];
      }
    }
    return lanes;
  }

  private static void clear(double[][] lanes, int count) {
    for (int q = 0; q < count; q++) {
      Arrays.fill(lanes[q], 0);
    }
  }

  @Override
  double[] step(double[] act) {
    preAct = toLanes(act, a);
    pre = new double[chunks][hs][];
    for (int c = 0; c < chunks; c++) {
      int len = lay.length(c);
      for (int k = 0; k < hs; k++) {
        double[] q = preBias[c][k].clone();
        for (int al = 0; al < a; al++) {
          double u = uqa[k * a + al];
          double[] x = preAct[c][al];
          for (int l = 0; l < len; l++) {
            q[l] = Math.fma(u, x[l], q[l]);
          }
        }
        pre[c][k] = q;
      }
    }
    int sa = s * a;
    double[] sums = new double[batch * totalRows * sa];
    for (int r = 0; r < rows; r++) {
      messageRow(state, preAct, r);
      foldRow(rowPart, sums, r, sa);
    }
    return sums;
  }

  /**
   * The message sums of row r, lane by lane over its chunks, into {@code rowPart[0..S*A)}: {@code
   * w[s] a_j[alpha]} added chunk by chunk in ascending order, from zero. Overridden by the Vector
   * API kernel.
   */
  void messageRow(double[][][] state, double[][][] x, int r) {
    clear(rowPart, s * a);
    for (int c = 0; c < chunks; c++) {
      double[][] w = state[r * chunks + c];
      if (w == null) {
        continue;
      }
      messageChunk(w, x[c], lay.length(c));
    }
  }

  /**
   * Adds one chunk's share {@code w[s] a_j[alpha]} of the message sums into {@code rowPart}, lane
   * by lane.
   */
  void messageChunk(double[][] w, double[][] x, int len) {
    for (int k = 0; k < s; k++) {
      double[] wk = w[k];
      for (int al = 0; al < a; al++) {
        double[] acc = rowPart[k * a + al];
        double[] xa = x[al];
        for (int l = 0; l < len; l++) {
          acc[l] = Math.fma(wk[l], xa[l], acc[l]);
        }
      }
    }
  }

  @Override
  void update(double[] post) {
    if (tapeState != null) {
      tapeState.add(state);
      tapePreAct.add(preAct);
      tapePre.add(pre);
    }
    double[][][] next = new double[rows * chunks][][];
    for (int r = 0; r < rows; r++) {
      expandRow(post, r, hs);
      for (int c = 0; c < chunks; c++) {
        int rc = r * chunks + c;
        double[][] w = state[rc];
        if (w == null) {
          continue;
        }
        int len = lay.length(c);
        double[][] wn = pool.take(len);
        if (wn == null) {
          wn = new double[s][len];
        }
        updateChunk(w, pre[c], mask[rc], wn, len);
        next[rc] = wn;
      }
    }
    if (tapeState == null) {
      release(state);
    }
    state = next;
  }

  /**
   * Applies the rule to one chunk, with the row's post parts in {@code rowPart}: writes the next
   * state {@code C ((1 - sigma(g)) w + sigma(g) tanh(c))} of the lanes of {@code w} into {@code
   * wn}. Overridden by the Vector API kernel.
   */
  void updateChunk(double[][] w, double[][] q, double[] m, double[][] wn, int len) {
    rule(w, q, scratchHidden, scratchOut, len);
    for (int k = 0; k < s; k++) {
      double[] tc = scratchOut[k];
      double[] gate = scratchOut[s + k];
      double[] wk = w[k];
      double[] nk = wn[k];
      for (int l = 0; l < len; l++) {
        nk[l] = m[l] * (wk[l] + gate[l] * (tc[l] - wk[l]));
      }
    }
  }

  /**
   * The rule's hidden layer and outputs for one chunk, with the row's post parts in {@code
   * rowPart}: {@code hidden = tanh(P + Q + Uw w)}, then {@code out = [tanh(c), sigma(g)]}.
   */
  private void rule(double[][] w, double[][] q, double[][] hidden, double[][] out, int len) {
    for (int k = 0; k < hs; k++) {
      double[] h = hidden[k];
      double[] p = rowPart[k];
      double[] qk = q[k];
      // Up to four synapse components per pass (S = 4 is one pass): fewer passes over h. The
      // first pass also adds P + Q.
      int i = 0;
      if (s >= 4) {
        double u0 = uw[k * s];
        double u1 = uw[k * s + 1];
        double u2k = uw[k * s + 2];
        double u3 = uw[k * s + 3];
        double[] w0 = w[0];
        double[] w1 = w[1];
        double[] w2 = w[2];
        double[] w3 = w[3];
        for (int l = 0; l < len; l++) {
          double v = Math.fma(u1, w1[l], Math.fma(u0, w0[l], p[l] + qk[l]));
          h[l] = Math.fma(u3, w3[l], Math.fma(u2k, w2[l], v));
        }
        i = 4;
      } else if (s >= 2) {
        double u0 = uw[k * s];
        double u1 = uw[k * s + 1];
        double[] w0 = w[0];
        double[] w1 = w[1];
        for (int l = 0; l < len; l++) {
          h[l] = Math.fma(u1, w1[l], Math.fma(u0, w0[l], p[l] + qk[l]));
        }
        i = 2;
      } else {
        for (int l = 0; l < len; l++) {
          h[l] = p[l] + qk[l];
        }
      }
      for (; i + 2 <= s; i += 2) {
        double u0 = uw[k * s + i];
        double u1 = uw[k * s + i + 1];
        double[] w0 = w[i];
        double[] w1 = w[i + 1];
        for (int l = 0; l < len; l++) {
          h[l] = Math.fma(u1, w1[l], Math.fma(u0, w0[l], h[l]));
        }
      }
      for (; i < s; i++) {
        double u0 = uw[k * s + i];
        double[] w0 = w[i];
        for (int l = 0; l < len; l++) {
          h[l] = Math.fma(u0, w0[l], h[l]);
        }
      }
    }
    for (int k = 0; k < hs; k++) {
      double[] h = hidden[k];
      for (int l = 0; l < len; l++) {
        h[l] = Tanh.tanh(h[l]);
      }
    }
    for (int o = 0; o < outs; o++) {
      double[] y = out[o];
      Arrays.fill(y, 0, len, d2[o]);
      int k = 0;
      for (; k + 4 <= hs; k += 4) {
        double c0 = u2[o * hs + k];
        double c1 = u2[o * hs + k + 1];
        double c2 = u2[o * hs + k + 2];
        double c3 = u2[o * hs + k + 3];
        double[] h0 = hidden[k];
        double[] h1 = hidden[k + 1];
        double[] h2 = hidden[k + 2];
        double[] h3 = hidden[k + 3];
        for (int l = 0; l < len; l++) {
          y[l] =
              Math.fma(
                  c3, h3[l], Math.fma(c2, h2[l], Math.fma(c1, h1[l], Math.fma(c0, h0[l], y[l]))));
        }
      }
      for (; k < hs; k++) {
        double c0 = u2[o * hs + k];
        double[] h0 = hidden[k];
        for (int l = 0; l < len; l++) {
          y[l] = Math.fma(c0, h0[l], y[l]);
        }
      }
    }
    for (int k = 0; k < s; k++) {
      double[] c = out[k];
      double[] g = out[s + k];
      // Two loops: with both calls in one body HotSpot no longer vectorises it.
      for (int l = 0; l < len; l++) {
        c[l] = Tanh.tanh(c[l]);
      }
      for (int l = 0; l < len; l++) {
        g[l] = Tanh.sigmoid(g[l]);
      }
    }
  }

  @Override
  double[] backwardUpdate(int t, double[] post, double[] dPost) {
    if (grad == null) {
      // The window's last step, the first one back: its new state starts the next window, where
      // truncated back-propagation stops, so d state is zero and so is everything the rule's
      // backward pass would compute from it (1/T of that pass; the window's new state is d state's
      // only source). d w of this step is then only the message's (backwardMessage adds it).
      grad = synapseLanes();
      dPreLanes = preLanes(hs);
      return new double[batch * neurons * hs];
    }
    double[][][] states = tapeState.get(t);
    double[][][] q = tapePre.get(t);
    double[][][] dPre = dPreLanes;
    for (double[][] chunk : dPre) {
      clear(chunk, hs);
    }
    // Every lane of dState is written (not added to) by backwardChunk, so the buffer of the step
    // before last needs no clearing.
    double[][][] dState = spareGrad != null ? spareGrad : synapseLanes();
    for (int r = 0; r < rows; r++) {
      expandRow(post, r, hs);
      clearRowSums();
      for (int c = 0; c < chunks; c++) {
        int rc = r * chunks + c;
        double[][] w = states[rc];
        if (w == null) {
          continue;
        }
        int len = lay.length(c);
        backwardRuleChunk(w, q[c], mask[rc], grad[rc], dState[rc], dPre[c], len);
      }
      foldRowSums(dPost, r);
    }
    spareGrad = grad;
    grad = dState;
    return fromLanes(dPre, hs);
  }

  /** Zeroes the sums of d P of a row before its chunks add to them. */
  void clearRowSums() {
    clear(rowSum, hs);
  }

  /**
   * Writes the row's d P, summed over its chunks, into row r of {@code dPost} ({@code [B, R, Hs]}).
   * Overridden by the Vector API kernel, with {@link #clearRowSums}.
   */
  void foldRowSums(double[] dPost, int r) {
    foldRow(rowSum, dPost, r, hs);
  }

  /**
   * The backward pass of the rule over one chunk with the row's post parts in {@code rowPart}:
   * recomputes the forward, then writes d w into {@code dw}, adds d Q into {@code dPre}, d P into
   * {@code rowSum} and the parameter gradients into their lanes. Overridden by the Vector API
   * kernel.
   */
  void backwardRuleChunk(
      double[][] w,
      double[][] q,
      double[] m,
      double[][] dNext,
      double[][] dw,
      double[][] dPre,
      int len) {
    rule(w, q, scratchHidden, scratchOut, len);
    backwardChunk(w, scratchHidden, scratchOut, m, dNext, dw, dPre, len);
  }

  /**
   * The backward pass of the rule over one chunk, after {@link #rule} has recomputed its forward:
   * writes d w into {@code dw}, adds d Q into {@code dPre} and d P (lane-wise) into {@code rowSum}.
   */
  private void backwardChunk(
      double[][] w,
      double[][] hidden,
      double[][] out,
      double[] m,
      double[][] dNext,
      double[][] dw,
      double[][] dPre,
      int len) {
    for (int k = 0; k < s; k++) {
      double[] tc = out[k];
      double[] gate = out[s + k];
      double[] wk = w[k];
      double[] dn = dNext[k];
      double[] dc = dOut[k];
      double[] dg = dOut[s + k];
      double[] dwk = dw[k];
      for (int l = 0; l < len; l++) {
        double d = dn[l] * m[l];
        double g = gate[l];
        double tl = tc[l];
        dc[l] = d * g * (1 - tl * tl);
        dg[l] = d * (tl - wk[l]) * g * (1 - g);
        dwk[l] = d * (1 - g);
      }
    }
    for (int o = 0; o < outs; o++) {
      double[] d = dOut[o];
      double[] gd = gradD2[o];
      for (int l = 0; l < len; l++) {
        gd[l] += d[l];
      }
    }
    // Two outputs per pass (outs = 2S is even): each load of a hidden lane serves both (~5% off
    // the backward update; pairing the Uw and w passes the same way measured slower).
    for (int o = 0; o < outs; o += 2) {
      double[] d0 = dOut[o];
      double[] d1 = dOut[o + 1];
      for (int k = 0; k < hs; k++) {
        double[] g0 = gradU2[o * hs + k];
        double[] g1 = gradU2[(o + 1) * hs + k];
        double[] h = hidden[k];
        for (int l = 0; l < len; l++) {
          double hl = h[l];
          g0[l] = Math.fma(d0[l], hl, g0[l]);
          g1[l] = Math.fma(d1[l], hl, g1[l]);
        }
      }
    }
    for (int k = 0; k < hs; k++) {
      double[] dz = dHidden[k];
      Arrays.fill(dz, 0, len, 0);
      int o = 0;
      for (; o + 4 <= outs; o += 4) {
        double c0 = u2[o * hs + k];
        double c1 = u2[(o + 1) * hs + k];
        double c2 = u2[(o + 2) * hs + k];
        double c3 = u2[(o + 3) * hs + k];
        double[] e0 = dOut[o];
        double[] e1 = dOut[o + 1];
        double[] e2 = dOut[o + 2];
        double[] e3 = dOut[o + 3];
        for (int l = 0; l < len; l++) {
          dz[l] =
              Math.fma(
                  c3, e3[l], Math.fma(c2, e2[l], Math.fma(c1, e1[l], Math.fma(c0, e0[l], dz[l]))));
        }
      }
      for (; o < outs; o++) {
        double c0 = u2[o * hs + k];
        double[] e0 = dOut[o];
        for (int l = 0; l < len; l++) {
          dz[l] = Math.fma(c0, e0[l], dz[l]);
        }
      }
      double[] h = hidden[k];
      double[] dq = dPre[k];
      double[] dp = rowSum[k];
      for (int l = 0; l < len; l++) {
        double v = dz[l] * (1 - h[l] * h[l]);
        dz[l] = v;
        dq[l] += v;
        dp[l] += v;
      }
      for (int i = 0; i < s; i++) {
        double[] g = gradUw[k * s + i];
        double[] wi = w[i];
        for (int l = 0; l < len; l++) {
          g[l] = Math.fma(dz[l], wi[l], g[l]);
        }
      }
    }
    for (int i = 0; i < s; i++) {
      double[] dwi = dw[i];
      int k = 0;
      for (; k + 4 <= hs; k += 4) {
        double c0 = uw[k * s + i];
        double c1 = uw[(k + 1) * s + i];
        double c2 = uw[(k + 2) * s + i];
        double c3 = uw[(k + 3) * s + i];
        double[] e0 = dHidden[k];
        double[] e1 = dHidden[k + 1];
        double[] e2 = dHidden[k + 2];
        double[] e3 = dHidden[k + 3];
        for (int l = 0; l < len; l++) {
          dwi[l] =
              Math.fma(
                  c3, e3[l], Math.fma(c2, e2[l], Math.fma(c1, e1[l], Math.fma(c0, e0[l], dwi[l]))));
        }
      }
      for (; k < hs; k++) {
        double c0 = uw[k * s + i];
        double[] e0 = dHidden[k];
        for (int l = 0; l < len; l++) {
          dwi[l] = Math.fma(c0, e0[l], dwi[l]);
        }
      }
    }
  }

  @Override
  double[] backwardMessage(int t, double[] dSums) {
    double[][][] states = tapeState.get(t);
    double[][][] x = tapePreAct.get(t);
    int sa = s * a;
    if (dActLanes == null) {
      dActLanes = preLanes(a);
    }
    double[][][] dAct = dActLanes;
    for (double[][] chunk : dAct) {
      clear(chunk, a);
    }
    for (int r = 0; r < rows; r++) {
      expandRow(dSums, r, sa);
      for (int c = 0; c < chunks; c++) {
        int rc = r * chunks + c;
        double[][] w = states[rc];
        if (w == null) {
          continue;
        }
        messageBackChunk(w, grad[rc], x[c], dAct[c], lay.length(c));
      }
    }
    // Step t is done: its tape is dead (backward runs each step once, last to first).
    release(states);
    tapeState.set(t, null);
    tapePreAct.set(t, null);
    tapePre.set(t, null);
    return fromLanes(dAct, a);
  }

  /**
   * The message's backward pass over one chunk, with d Z of the row in {@code rowPart}: adds {@code
   * d Z[s, alpha] a_j[alpha]} into d w ({@code dw}) and {@code d Z[s, alpha] w[s]} into d a ({@code
   * da}). Overridden by the Vector API kernel.
   */
  void messageBackChunk(double[][] w, double[][] dw, double[][] x, double[][] da, int len) {
    for (int k = 0; k < s; k++) {
      double[] wk = w[k];
      double[] dwk = dw[k];
      for (int al = 0; al < a; al++) {
        double[] e = rowPart[k * a + al];
        double[] xa = x[al];
        double[] dal = da[al];
        for (int l = 0; l < len; l++) {
          dwk[l] = Math.fma(e[l], xa[l], dwk[l]);
          dal[l] = Math.fma(e[l], wk[l], dal[l]);
        }
      }
    }
  }

  @Override
  void addParameterGradients(double[] dUw, double[] dU2, double[] dD2) {
    addLaneSums(gradUw, dUw);
    addLaneSums(gradU2, dU2);
    addLaneSums(gradD2, dD2);
  }

  private static void addLaneSums(double[][] lanes, double[] into) {
    for (int q = 0; q < lanes.length; q++) {
      double sum = 0;
      for (double v : lanes[q]) {
        sum += v;
      }
      into[q] += sum;
    }
  }
}
