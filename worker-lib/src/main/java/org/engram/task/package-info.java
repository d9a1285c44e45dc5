/**
 * The remembering tasks of MODEL.md section 5: where every event of a window sits ({@link
 * org.engram.task.WindowLayout}), the samplers that draw the snippets, cues, targets and hidden-bit
 * masks of one window for a batch of lifetimes ({@link org.engram.task.WindowSampler}, one per task
 * kind), and which lifetimes are born at which window ({@link org.engram.task.LifetimeSchedule}).
 * Pure Java plus the ND4J arrays handed to the network; every random draw comes from a {@link
 * java.util.SplittableRandom} passed in, never from global state.
 */
package org.engram.task;
