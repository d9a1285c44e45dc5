/**
 * Truncated-BPTT meta-training (MODEL.md section 6): Adam with the linear learning-rate decay,
 * clipping of the global gradient norm, the optional curriculum on K, the lifetimes whose state is
 * carried across windows with its gradient stopped, checkpoints that resume exactly, and the {@link
 * org.engram.train.TrialRunner} that turns one trial spec into one result.
 */
package org.engram.train;
