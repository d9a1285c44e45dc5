package org.engram.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-synapse work of a window of the learned synapse rule, fused into plain Java loops over
 * the chunks of a {@link LaneLayout}: the message sums {@code Z_i = sum_j w_ij (outer) a_j}, the
 * rule {@code w' = C ((1 - sigma(g)) w + sigma(g) tanh(c))} with {@code [c, g] = U2 tanh(Uw w_ij +
 * P_i + Q_j + ...) + d2}, and their backward passes. It owns the synapse state and, when training,
 * the tape: the state and the pre-synaptic lanes of every step. The hidden layer of the rule is not
 * kept but recomputed in the backward pass, which costs less than its memory (Hs values per synapse
 * and step).
 *
 * <p>Everything per neuron (the post part P, the message's {@code M}, the gradients of the neuron
 * parts) stays with {@link LearnedSynapses}, in double; the arrays that cross are flat, c-order:
 * activations {@code [B, N, A]}, message sums {@code [B, R, S*A]} ({@code s*A + alpha}), post parts
 * {@code [B, R, Hs]}, pre parts {@code [B, N, Hs]}.
 *
 * <p>Two precisions, one logic: {@link DoubleLaneKernel} is {@link FloatLaneKernel} with every
 * {@code float} and {@code Float} replaced by {@code double} and {@code Double} ({@code
 * LaneKernelTwinsTest} checks it), so the float64 golden and finite-difference tests check the code
 * that float32 training runs. Edit the float file and regenerate the double one:
 *
 * <pre>
 * sed "s/float/double/g; s/Float/Double/g" FloatLaneKernel.java &gt; DoubleLaneKernel.java
 * </pre>
 *
 * Only {@link Tanh} differs between the two, by overload: each precision gets its own formula.
 *
 * <p>In float32, when the JVM has the Vector API ({@link VectorSupport}), {@link
 * VectorFloatLaneKernel} overrides the float kernel's per-chunk hooks with the same arithmetic held
 * in vector registers; the layout, the tape and everything per row stay the float kernel's.
 */
abstract class LaneKernel {

  /**
   * The window's constants of the rule, row-major.
   *
   * @param uw {@code [Hs, S]} the synapse columns of U1
   * @param u2 {@code [2S, Hs]}
   * @param d2 {@code [2S]}
   * @param uqa {@code [Hs, A]} the pre-activation columns of U1
   * @param preBias {@code [N, Hs]} the pre-type part {@code Uqe e_j}
   */
  record Weights(
      int s,
      int a,
      int hs,
      double[] uw,
      double[] u2,
      double[] d2,
      double[] uqa,
      double[] preBias) {}

  /**
   * Where the kernels of one network recycle their synapse lanes: a pool per precision and range of
   * rows (a window of n threads has n kernels, the i-th over the same rows in every window), so the
   * threads of a window do not share one.
   */
  static final class Pools {
    private final List<LanePool<float[][]>> floats = new ArrayList<>();
    private final List<LanePool<double[][]>> doubles = new ArrayList<>();

    LanePool<float[][]> floats(int range) {
      return poolOf(floats, range);
    }

    LanePool<double[][]> doubles(int range) {
      return poolOf(doubles, range);
    }

    private synchronized <T> LanePool<T> poolOf(List<LanePool<T>> pools, int range) {
      while (pools.size() <= range) {
        pools.add(new LanePool<>());
      }
      return pools.get(range);
    }
  }

  /**
   * The kernel of a window over all receiving rows of {@code structure}, started from {@code
   * start}: one of a single thread, or a {@link ParallelLaneKernel} over {@code threads} ranges of
   * rows.
   */
  static LaneKernel create(
      NetworkStructure structure,
      int batch,
      DataType dtype,
      Weights weights,
      boolean keepTape,
      INDArray start,
      Pools pools,
      int threads) {
    LaneLayout whole = new LaneLayout(structure, batch);
    List<int[]> rows = ParallelLaneKernel.rowRanges(whole, threads);
    LaneKernel k;
    if (rows.size() == 1) {
      k = singleThreaded(whole, dtype, weights, keepTape, pools, 0);
    } else {
      List<LaneKernel> kernels = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        LaneLayout part = new LaneLayout(structure, batch, rows.get(i)[0], rows.get(i)[1]);
        kernels.add(singleThreaded(part, dtype, weights, keepTape, pools, i));
      }
      k = new ParallelLaneKernel(kernels, rows, batch);
    }
    k.load(start);
    return k;
  }

  /** A kernel of {@code layout}, the window's range of rows {@code range}, not yet loaded. */
  private static LaneKernel singleThreaded(
      LaneLayout layout,
      DataType dtype,
      Weights weights,
      boolean keepTape,
      Pools pools,
      int range) {
    return switch (dtype) {
      case FLOAT ->
          VectorSupport.usable(weights.s())
              ? new VectorFloatLaneKernel(layout, weights, keepTape, pools.floats(range))
              : new FloatLaneKernel(layout, weights, keepTape, pools.floats(range));
      case DOUBLE -> new DoubleLaneKernel(layout, weights, keepTape, pools.doubles(range));
      default -> throw new IllegalArgumentException("float32 or float64 only, got " + dtype);
    };
  }

  /** Sets the state from {@code [B, R, N, S]}. */
  abstract void load(INDArray synapses);

  /** The current state as {@code [B, R, N, S]}, exactly 0 where there is no synapse. */
  abstract INDArray synapses(DataType dtype);

  /**
   * Starts a step: takes the activations before it ({@code [B, N, A]}) as the pre-synaptic side and
   * returns the unscaled message sums {@code sum_j w_ij[s] a_j[alpha]}, {@code [B, R, S*A]}.
   */
  abstract double[] step(double[] act);

  /** Ends the step: applies the rule with the post parts {@code P [B, R, Hs]}. */
  abstract void update(double[] post);

  /**
   * Back-propagates through the rule of step t, given the step's post parts; the gradient with
   * respect to the state after the step is the kernel's running gradient. Writes d P into {@code
   * dPost} and returns d Q {@code [B, N, Hs]}; accumulates the gradients of Uw, U2 and d2.
   */
  abstract double[] backwardUpdate(int t, double[] post, double[] dPost);

  /**
   * Back-propagates d Z ({@code [B, R, S*A]}, of the unscaled sums) of step t; the running gradient
   * then refers to the state before step t. Returns d a from the message, {@code [B, N, A]}.
   */
  abstract double[] backwardMessage(int t, double[] dZ);

  /** The running gradient with respect to the state, {@code [B, R, N, S]}. */
  abstract INDArray synapseGradient(DataType dtype);

  /** Adds the accumulated gradients of Uw ({@code [Hs, S]}), U2 and d2. */
  abstract void addParameterGradients(double[] dUw, double[] dU2, double[] dD2);
}
