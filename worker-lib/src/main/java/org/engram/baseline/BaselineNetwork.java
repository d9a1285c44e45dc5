package org.engram.baseline;

import java.util.SplittableRandom;
import org.engram.model.MetaParameters;
import org.engram.model.ParameterLayout;
import org.engram.model.WindowInput;

/**
 * One baseline's computation on a window of B lifetimes: forward from a carried state (a few {@code
 * [B, ...]} arrays, all zero at birth) and, for the trained ones, a hand-written backward pass with
 * the start state a constant (truncated BPTT).
 */
interface BaselineNetwork {

  /** The meta-parameters' names and shapes (empty for {@code hopfield}). */
  ParameterLayout layout();

  /** Theta at the start of training. */
  MetaParameters initialize(SplittableRandom rng);

  /** The shapes of the state arrays of one lifetime (without the leading B). */
  long[][] stateShapes();

  /** Runs the window from {@code start} (one {@code [B, ...]} array per state shape). */
  BaselinePass forward(MetaParameters theta, BaselineState start, WindowInput input, boolean tape);

  /** d loss / d theta of a pass run with a tape. */
  MetaParameters backward(MetaParameters theta, BaselinePass pass);
}
