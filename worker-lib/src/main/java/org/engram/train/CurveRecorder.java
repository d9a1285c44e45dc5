package org.engram.train;

import java.util.ArrayList;
import java.util.List;
import org.engram.result.CurvePoint;

/**
 * Averages meta-step results over {@code every} meta-steps into curve points (long format: one row
 * per metric) and progress reports.
 */
final class CurveRecorder {
  static final String[] METRICS = {
    "loss", "bit_accuracy", "visible_bit_accuracy", "grad_norm", "learning_rate", "snippets"
  };

  private final int every;
  private final List<CurvePoint> points = new ArrayList<>();
  private final double[] sums = new double[METRICS.length];
  private int count;
  private long windowStartNanos = System.nanoTime();

  CurveRecorder(int every) {
    this.every = every;
  }

  /** Adds one meta-step; returns a progress report when a curve point was completed, else null. */
  TrainingProgress add(MetaTrainer.StepResult r, int steps) {
    double[] v = {
      r.loss(),
      r.bitAccuracy(),
      r.visibleBitAccuracy(),
      r.gradNorm(),
      r.learningRate(),
      r.snippets()
    };
    for (int i = 0; i < v.length; i++) {
      sums[i] += v[i];
    }
    count++;
    if (count < every && r.metaStep() < steps) {
      return null;
    }
    for (int i = 0; i < METRICS.length; i++) {
      points.add(new CurvePoint(r.metaStep(), METRICS[i], sums[i] / count));
    }
    long now = System.nanoTime();
    TrainingProgress p =
        new TrainingProgress(
            r.metaStep(),
            steps,
            r.snippets(),
            sums[0] / count,
            sums[1] / count,
            sums[3] / count,
            r.learningRate(),
            count / ((now - windowStartNanos) / 1e9));
    java.util.Arrays.fill(sums, 0);
    count = 0;
    windowStartNanos = now;
    return p;
  }

  List<CurvePoint> points() {
    return List.copyOf(points);
  }
}
