package org.engram.result;

import org.engram.eval.NetworkSize;

/**
 * The metrics of a trained rule at one evaluated difficulty (MODEL.md section 7), over the hidden
 * bits: the target bits the cue does not show.
 *
 * @param snippets K, the difficulty evaluated
 * @param bitAccuracy fraction of hidden bits whose logit has the right sign
 * @param visibleBitAccuracy the same over the bits the cue shows (NaN if there are none)
 * @param snippetAccuracy fraction of recalls with every hidden bit right
 * @param loss mean BCE over all target bits at scored steps
 * @param bitsStored K * h * (1 - H2(min(1 - bitAccuracy, 0.5))), in bits
 * @param bitsPerSynapse bitsStored / (synapses * S)
 * @param bitsPerNeuron bitsStored / N
 * @param hiddenBits hidden bits scored (the sample size behind bitAccuracy)
 * @param recalls recalls scored
 * @param scoredWindows windows scored per lifetime
 * @param lifetimes lifetimes evaluated
 * @param size the network's neurons, synapses and synapse size behind the normalised figures
 */
public record DifficultyMetrics(
    int snippets,
    double bitAccuracy,
    double visibleBitAccuracy,
    double snippetAccuracy,
    double loss,
    double bitsStored,
    double bitsPerSynapse,
    double bitsPerNeuron,
    long hiddenBits,
    long recalls,
    int scoredWindows,
    int lifetimes,
    NetworkSize size) {}
