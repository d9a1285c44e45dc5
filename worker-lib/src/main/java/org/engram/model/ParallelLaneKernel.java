package org.engram.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A lane kernel over several threads: the receiving rows are cut into as many contiguous ranges as
 * threads, each with a kernel of its own ({@link LaneLayout} of the range), and every call runs the
 * ranges at once, the calling thread taking the first and {@link RangeHelpers} the others. Rows are
 * independent in the forward pass, so states and message sums are exactly those of one kernel; the
 * sums over rows (d Q, d a of the message, the parameter gradients) are added range by range, in
 * order, so they differ from one kernel's only by rounding and do not depend on timing.
 *
 * <p>Each range computes the pre-synaptic lanes of a step ({@code Q_j}, per neuron, not per
 * synapse) for itself: well under 1% of a step's work at the default sizes, less than handing them
 * over between threads would cost in code.
 *
 * <p>Used when a trial has more than one core ({@code run.coresPerTrial}, {@code bench --threads};
 * see {@link KernelThreads}); with one it is never created.
 */
final class ParallelLaneKernel extends LaneKernel {
  private final List<LaneKernel> ranges;
  private final List<int[]> rows; // [from, to) of each range
  private final int batch;

  /**
   * @param ranges the kernels of the ranges of rows
   * @param rows each range's receiving rows {@code [from, to)}, contiguous from 0
   * @param batch B
   */
  ParallelLaneKernel(List<LaneKernel> ranges, List<int[]> rows, int batch) {
    if (ranges.size() != rows.size()) {
      throw new IllegalArgumentException(ranges.size() + " kernels for " + rows.size() + " ranges");
    }
    this.ranges = List.copyOf(ranges);
    this.rows = List.copyOf(rows);
    this.batch = batch;
  }

  /**
   * Cuts the layout's rows into at most {@code parts} contiguous ranges of about equal work (active
   * chunks), as {@code [from, to)} pairs.
   */
  static List<int[]> rowRanges(LaneLayout layout, int parts) {
    int rows = layout.rows();
    int[] work = new int[rows + 1]; // work[r]: active chunks of rows before r
    for (int r = 0; r < rows; r++) {
      int active = 0;
      for (int c = 0; c < layout.chunks(); c++) {
        active += layout.active(r, c) ? 1 : 0;
      }
      work[r + 1] = work[r] + active;
    }
    List<int[]> ranges = new ArrayList<>();
    int from = 0;
    for (int p = 1; p <= parts && from < rows; p++) {
      long target = (long) work[rows] * p / parts;
      int to = from + 1;
      while (to < rows && work[to] < target) {
        to++;
      }
      if (p == parts) {
        to = rows;
      }
      ranges.add(new int[] {from, to});
      from = to;
    }
    return ranges;
  }

  /** Runs {@code body} for every range at once; the results by range. */
  private <T> List<T> each(IntFunction<T> body) {
    return RangeHelpers.inParallel(ranges.size(), body);
  }

  /** Element-wise sum of the ranges' arrays, range by range in order. */
  private static double[] sum(List<double[]> parts) {
    double[] total = parts.get(0).clone();
    for (int i = 1; i < parts.size(); i++) {
      double[] p = parts.get(i);
      for (int j = 0; j < total.length; j++) {
        total[j] += p[j];
      }
    }
    return total;
  }

  /**
   * The ranges' {@code [B, R, ...]} arrays, each holding its own rows, as one: each range's rows
   * copied (not added, which would turn a -0.0 into 0.0).
   */
  private INDArray combine(List<INDArray> parts) {
    INDArray total = parts.get(0).dup();
    for (int i = 1; i < parts.size(); i++) {
      INDArrayIndex own = NDArrayIndex.interval(rows.get(i)[0], rows.get(i)[1]);
      INDArrayIndex all = NDArrayIndex.all();
      total.get(all, own, all, all).assign(parts.get(i).get(all, own, all, all));
    }
    return total;
  }

  /** The same for flat {@code [B, R, width]} arrays. */
  private double[] combineRows(List<double[]> parts) {
    double[] total = parts.get(0).clone();
    int totalRows = rows.get(rows.size() - 1)[1];
    int width = total.length / (batch * totalRows);
    for (int i = 1; i < parts.size(); i++) {
      double[] part = parts.get(i);
      int from = rows.get(i)[0];
      int count = rows.get(i)[1] - from;
      for (int b = 0; b < batch; b++) {
        int at = (b * totalRows + from) * width;
        System.arraycopy(part, at, total, at, count * width);
      }
    }
    return total;
  }

  @Override
  void load(INDArray synapses) {
    each(
        i -> {
          ranges.get(i).load(synapses);
          return null;
        });
  }

  @Override
  INDArray synapses(DataType dtype) {
    return combine(each(i -> ranges.get(i).synapses(dtype)));
  }

  @Override
  double[] step(double[] act) {
    return combineRows(each(i -> ranges.get(i).step(act)));
  }

  @Override
  void update(double[] post) {
    each(
        i -> {
          ranges.get(i).update(post);
          return null;
        });
  }

  @Override
  double[] backwardUpdate(int t, double[] post, double[] dPost) {
    // Each range writes its own rows of dPost.
    return sum(each(i -> ranges.get(i).backwardUpdate(t, post, dPost)));
  }

  @Override
  double[] backwardMessage(int t, double[] dZ) {
    return sum(each(i -> ranges.get(i).backwardMessage(t, dZ)));
  }

  @Override
  INDArray synapseGradient(DataType dtype) {
    return combine(each(i -> ranges.get(i).synapseGradient(dtype)));
  }

  @Override
  void addParameterGradients(double[] dUw, double[] dU2, double[] dD2) {
    for (LaneKernel k : ranges) {
      k.addParameterGradients(dUw, dU2, dD2);
    }
  }
}
