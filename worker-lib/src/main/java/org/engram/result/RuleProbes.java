package org.engram.result;

import java.util.Arrays;

/**
 * What a trained rule is (MODEL.md section 8): the synapse rule's response on a grid of pre- and
 * post-synaptic activity, summary scores, and where the memory sits.
 *
 * @param gridValues the activity values used on both axes of the response grid
 * @param deltaW0 {@code Δw[0]} row-major {@code [post][pre]}: entry {@code post * g + pre} is the
 *     change of the probed synapse's first component when {@code a'_i[0] = gridValues[post]} and
 *     {@code a_j[0] = gridValues[pre]}, every other component of both activations 0 and {@code w =
 *     w0}
 * @param postRole the role (input, control, output, hidden) of the probed synapse's post neuron
 * @param preRole the role of its pre neuron
 * @param hebbianScore Pearson correlation of {@code Δw[0]} with {@code a'_i[0] * a_j[0]} over the
 *     grid; NaN when the response is flat (frozen synapses)
 * @param decay {@code Δw[0]} at zero activity from {@code w = w0}: the drift a silent synapse makes
 * @param decayRate the fraction of a deviation of {@code w[0]} from {@code w0} that one silent step
 *     removes ({@code -∂Δw[0]/∂w[0]} at zero activity; exactly lambda for the {@code hebbian} rule)
 * @param probeSnippets K at which the recall probes ran (the training difficulty)
 * @param recallIntact hidden-bit accuracy at K with nothing reset (equal to the evaluation's)
 * @param recallResetActivations the same after setting every activation to 0 between the storage
 *     and the recall events of each scored window
 * @param recallResetSynapses the same after resetting every synapse to its birth value there
 */
public record RuleProbes(
    double[] gridValues,
    double[] deltaW0,
    String postRole,
    String preRole,
    double hebbianScore,
    double decay,
    double decayRate,
    int probeSnippets,
    double recallIntact,
    double recallResetActivations,
    double recallResetSynapses) {

  public RuleProbes {
    gridValues = gridValues.clone();
    deltaW0 = deltaW0.clone();
    if (deltaW0.length != gridValues.length * gridValues.length) {
      throw new IllegalArgumentException(
          "deltaW0 must have g * g = "
              + gridValues.length * gridValues.length
              + " entries, got "
              + deltaW0.length);
    }
  }

  @Override
  public double[] gridValues() {
    return gridValues.clone();
  }

  @Override
  public double[] deltaW0() {
    return deltaW0.clone();
  }

  /** {@code Δw[0]} at grid indices (post, pre). */
  public double response(int post, int pre) {
    return deltaW0[post * gridValues.length + pre];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuleProbes p
        && Arrays.equals(gridValues, p.gridValues)
        && Arrays.equals(deltaW0, p.deltaW0)
        && postRole.equals(p.postRole)
        && preRole.equals(p.preRole)
        && Double.compare(hebbianScore, p.hebbianScore) == 0
        && Double.compare(decay, p.decay) == 0
        && Double.compare(decayRate, p.decayRate) == 0
        && probeSnippets == p.probeSnippets
        && Double.compare(recallIntact, p.recallIntact) == 0
        && Double.compare(recallResetActivations, p.recallResetActivations) == 0
        && Double.compare(recallResetSynapses, p.recallResetSynapses) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(deltaW0) + Double.hashCode(recallIntact);
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "RuleProbes[%s<-%s hebbian=%.3f decay=%.4g rate=%.4g K=%d recall %.3f/%.3f/%.3f]",
        postRole,
        preRole,
        hebbianScore,
        decay,
        decayRate,
        probeSnippets,
        recallIntact,
        recallResetActivations,
        recallResetSynapses);
  }
}
