/**
 * The baselines outside the engram family (MODEL.md sections 4 and 10.11), run by the same harness
 * on the same tasks, loss and metrics: {@code hopfield}, the analytic outer-product memory with
 * sign-iteration recall (no training); {@code delta-rule}, a linear associator written by one
 * gradient step per stored snippet with learned rate and decay; {@code lstm} and {@code
 * lstm-state}, an LSTM trained by the same truncated BPTT with its parameter count or its state
 * count matched to the plastic network. Each is a {@link org.engram.baseline.BaselineNetwork} (a
 * window forward from a carried state and a hand-written backward pass), wrapped by {@link
 * org.engram.baseline.Baselines#model} into the {@code WindowModel} that the trainer and evaluator
 * drive.
 */
package org.engram.baseline;
