package org.engram.result;

/**
 * One point of a training curve, in long format so that SQL can pivot it.
 *
 * @param metaStep meta-steps completed (1-based)
 * @param metric name, e.g. {@code loss}, {@code bit_accuracy}, {@code grad_norm}
 * @param value the metric's value, averaged over the meta-steps since the previous point
 */
public record CurvePoint(int metaStep, String metric, double value) {}
