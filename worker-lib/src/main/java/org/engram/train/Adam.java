package org.engram.train;

import org.engram.model.MetaParameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam on the flat meta-parameter vector (MODEL.md section 6 and 10.4: betas 0.9/0.999, epsilon
 * 1e-8 by default), with the learning rate given per step so that the schedule stays outside.
 * Bias-corrected as in Kingma and Ba (and PyTorch): {@code theta -= lr m_hat / (sqrt(v_hat) +
 * eps)}.
 *
 * <p>In plain Java over the flat values: its moments are Java arrays, and a step reads theta once
 * and writes it once. As ND4J ops it was ten small ops a meta-step, each a new array whose native
 * pointers the garbage collector and ND4J's deallocator threads must then release. Each moment and
 * each update is rounded to theta's precision, as the element-wise ops of that precision (and
 * PyTorch's) round them; within a value the arithmetic is in double.
 */
public final class Adam {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final DataType dtype;
  private final double[] m;
  private final double[] v;
  private long t;

  /**
   * @param size the number of meta-parameters
   * @param dtype theta's precision, to which the moments are rounded
   */
  public Adam(double beta1, double beta2, double epsilon, int size, DataType dtype) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.dtype = dtype;
    this.m = new double[size];
    this.v = new double[size];
  }

  /**
   * Applies one update to {@code params} in place, with the gradient {@code grad * gradScale} (the
   * scale clips its norm; 1 for none).
   */
  public void step(MetaParameters params, double[] grad, double gradScale, double lr) {
    if (grad.length != m.length) {
      throw new IllegalArgumentException(
          "expected a gradient of " + m.length + " values, got " + grad.length);
    }
    t++;
    double c1 = 1.0 - Math.pow(beta1, t);
    double c2 = 1.0 - Math.pow(beta2, t);
    double[] theta = params.values();
    for (int i = 0; i < theta.length; i++) {
      double g = round(grad[i] * gradScale);
      m[i] = round(beta1 * m[i] + (1.0 - beta1) * g);
      v[i] = round(beta2 * v[i] + (1.0 - beta2) * g * g);
      double denom = round(Math.sqrt(v[i] / c2) + epsilon);
      theta[i] = theta[i] - round(m[i] / c1 / denom * lr);
    }
    params.setValues(theta);
  }

  /** x in theta's precision. */
  private double round(double x) {
    return dtype == DataType.FLOAT ? (float) x : x;
  }

  /** First moments, a new array (for checkpoints). */
  INDArray firstMoment() {
    return Nd4j.create(m, new long[] {m.length}, dtype);
  }

  /** Second moments, a new array (for checkpoints). */
  INDArray secondMoment() {
    return Nd4j.create(v, new long[] {v.length}, dtype);
  }

  long stepCount() {
    return t;
  }

  void restore(INDArray first, INDArray second, long steps) {
    if (first.length() != m.length || second.length() != v.length) {
      throw new IllegalArgumentException(
          "checkpoint moments hold "
              + first.length()
              + " and "
              + second.length()
              + " values, expected "
              + m.length);
    }
    System.arraycopy(first.castTo(DataType.DOUBLE).toDoubleVector(), 0, m, 0, m.length);
    System.arraycopy(second.castTo(DataType.DOUBLE).toDoubleVector(), 0, v, 0, v.length);
    t = steps;
  }
}
