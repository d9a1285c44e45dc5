package org.engram.spec;

import static org.engram.spec.Checks.atLeast;
import static org.engram.spec.Checks.finite;
import static org.engram.spec.Checks.inRange;
import static org.engram.spec.Checks.notNull;

/**
 * The network of one trial (MODEL.md sections 2 to 4). The input and output neuron counts come from
 * the task ({@link TaskSpec#dataSize()}, {@link TaskSpec#outputSize()}).
 *
 * @param type the network type (section 4)
 * @param topology which synapses exist (section 2)
 * @param density probability that a synapse is kept, {@code sparse} only
 * @param hidden hidden neuron count H
 * @param hiddenTypes kinds of hidden neurons, assigned round-robin, each its own embedding
 * @param activationSize activation state size A
 * @param synapseSize synapse state size S (network types that force S = 1 override it)
 * @param embeddingSize type embedding size E
 * @param activationHidden hidden width Ha of the activation rule
 * @param synapseHidden hidden width Hs of the synapse rule
 * @param sigmaW standard deviation of the birth noise of the synapses
 * @param gateBias initial bias of the gate halves of b2 and d2
 * @param hebbianLambda initial decay of the {@code hebbian} rule
 * @param hebbianEta initial rate of the {@code hebbian} rule
 * @param hopfieldIterations {@code hopfield.iterations}: synchronous sign updates of a {@code
 *     hopfield} recall (MODEL.md section 10.11); ignored by the other types
 */
public record NetworkSpec(
    NetworkType type,
    Topology topology,
    double density,
    int hidden,
    int hiddenTypes,
    int activationSize,
    int synapseSize,
    int embeddingSize,
    int activationHidden,
    int synapseHidden,
    double sigmaW,
    double gateBias,
    double hebbianLambda,
    double hebbianEta,
    int hopfieldIterations) {

  /** The default of {@code hopfield.iterations} (MODEL.md section 10.11). */
  public static final int DEFAULT_HOPFIELD_ITERATIONS = 10;

  public NetworkSpec {
    notNull("network.type", type);
    notNull("network.topology", topology);
    inRange("network.density", density, 0.0, 1.0, true);
    atLeast("network.hidden", hidden, 0);
    atLeast("network.hiddenTypes", hiddenTypes, 1);
    atLeast("network.activationSize", activationSize, 1);
    atLeast("network.synapseSize", synapseSize, 1);
    atLeast("network.embeddingSize", embeddingSize, 1);
    atLeast("network.activationHidden", activationHidden, 1);
    atLeast("network.synapseHidden", synapseHidden, 1);
    finite("network.sigmaW", sigmaW);
    atLeast("network.sigmaW", sigmaW < 0 ? -1 : 0, 0);
    finite("network.gateBias", gateBias);
    finite("network.hebbianLambda", hebbianLambda);
    finite("network.hebbianEta", hebbianEta);
    atLeast("hopfield.iterations", hopfieldIterations, 0);
  }

  /** A spec with {@code hopfield.iterations} at its default. */
  public NetworkSpec(
      NetworkType type,
      Topology topology,
      double density,
      int hidden,
      int hiddenTypes,
      int activationSize,
      int synapseSize,
      int embeddingSize,
      int activationHidden,
      int synapseHidden,
      double sigmaW,
      double gateBias,
      double hebbianLambda,
      double hebbianEta) {
    this(
        type,
        topology,
        density,
        hidden,
        hiddenTypes,
        activationSize,
        synapseSize,
        embeddingSize,
        activationHidden,
        synapseHidden,
        sigmaW,
        gateBias,
        hebbianLambda,
        hebbianEta,
        DEFAULT_HOPFIELD_ITERATIONS);
  }

  /** MODEL.md's defaults: plastic, dense, H = 16, A = 8, S = 4, E = 4, Ha = Hs = 32. */
  public static NetworkSpec defaults() {
    return new NetworkSpec(
        NetworkType.PLASTIC, Topology.DENSE, 0.5, 16, 1, 8, 4, 4, 32, 32, 0.1, -2.0, 0.01, 0.1);
  }

  /** The synapse state size actually used: 1 for {@code scalar-synapse} and {@code hebbian}. */
  public int effectiveSynapseSize() {
    return type.forcesScalarSynapse() ? 1 : synapseSize;
  }

  public NetworkSpec withType(NetworkType t) {
    return new NetworkSpec(
        t,
        topology,
        density,
        hidden,
        hiddenTypes,
        activationSize,
        synapseSize,
        embeddingSize,
        activationHidden,
        synapseHidden,
        sigmaW,
        gateBias,
        hebbianLambda,
        hebbianEta,
        hopfieldIterations);
  }

  public NetworkSpec withHidden(int h, int kinds) {
    return new NetworkSpec(
        type,
        topology,
        density,
        h,
        kinds,
        activationSize,
        synapseSize,
        embeddingSize,
        activationHidden,
        synapseHidden,
        sigmaW,
        gateBias,
        hebbianLambda,
        hebbianEta,
        hopfieldIterations);
  }

  /** A copy with other state and layer sizes (A, S, E, Ha, Hs). */
  public NetworkSpec withSizes(int a, int s, int e, int ha, int hs) {
    return new NetworkSpec(
        type,
        topology,
        density,
        hidden,
        hiddenTypes,
        a,
        s,
        e,
        ha,
        hs,
        sigmaW,
        gateBias,
        hebbianLambda,
        hebbianEta,
        hopfieldIterations);
  }
}
