package org.engram.train;

/**
 * One report of meta-training progress (MODEL.md section 6): the gradient norm is logged with the
 * loss, since it is the first sign of a blow-up.
 *
 * @param metaStep meta-steps completed
 * @param steps meta-steps in the run
 * @param snippets the K trained at (grows under the curriculum)
 * @param loss mean loss since the previous report
 * @param bitAccuracy mean hidden-bit accuracy since the previous report
 * @param gradNorm mean global gradient norm (before clipping) since the previous report
 * @param learningRate the learning rate of the last meta-step
 * @param stepsPerSecond meta-steps per second since the previous report
 */
public record TrainingProgress(
    int metaStep,
    int steps,
    int snippets,
    double loss,
    double bitAccuracy,
    double gradNorm,
    double learningRate,
    double stepsPerSecond) {}
