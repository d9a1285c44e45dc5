/**
 * Truncated-BPTT meta-training (MODEL.md section 6): Adam with the linear learning-rate decay,
 * clipping of the global gradient norm, the optional curriculum on K, the lifetimes whose state is
 * carried across windows with its gradient stopped, checkpoints that resume exactly, and the {@link
 * org.engram.train.TrialRunner} that turns one trial spec into one result. The trainer and the
 * evaluator drive a {@link org.engram.train.WindowModel}: the engram network ({@link
 * org.engram.train.EngramModel}) or a baseline of {@code org.engram.baseline}.
 */
package org.engram.train;
