package org.engram.train;

/**
 * MODEL.md section 10.4: meta-step {@code k = 0 .. steps-1} uses {@code lr + (finalLr - lr) k /
 * (steps - 1)}, so the first step uses lr and the last finalLr.
 */
public record LearningRateSchedule(double lr, double finalLr, int steps) {

  public double at(int step) {
    return steps <= 1 ? lr : lr + (finalLr - lr) * step / (steps - 1);
  }
}
