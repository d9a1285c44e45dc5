package org.engram.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam on the flat meta-parameter vector (MODEL.md section 6 and 10.4: betas 0.9/0.999, epsilon
 * 1e-8 by default), with the learning rate given per step so that the schedule stays outside.
 * Bias-corrected as in Kingma and Ba (and PyTorch): {@code theta -= lr m_hat / (sqrt(v_hat) +
 * eps)}.
 */
public final class Adam {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final INDArray m;
  private final INDArray v;
  private long t;

  public Adam(double beta1, double beta2, double epsilon, INDArray like) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.m = like.ulike().assign(0.0);
    this.v = like.ulike().assign(0.0);
  }

  /** Applies one update to {@code params} in place. */
  public void step(INDArray params, INDArray grad, double lr) {
    t++;
    m.muli(beta1).addi(grad.mul(1.0 - beta1));
    v.muli(beta2).addi(grad.mul(grad).muli(1.0 - beta2));
    double c1 = 1.0 - Math.pow(beta1, t);
    double c2 = 1.0 - Math.pow(beta2, t);
    INDArray denom = Transforms.sqrt(v.div(c2), false).addi(epsilon);
    params.subi(m.div(c1).divi(denom).muli(lr));
  }

  /** First moments (for checkpoints). */
  INDArray firstMoment() {
    return m;
  }

  /** Second moments (for checkpoints). */
  INDArray secondMoment() {
    return v;
  }

  long stepCount() {
    return t;
  }

  void restore(INDArray first, INDArray second, long steps) {
    m.assign(first);
    v.assign(second);
    t = steps;
  }
}
