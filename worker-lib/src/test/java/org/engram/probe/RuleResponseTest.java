package org.engram.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.engram.model.EngramNetwork;
import org.engram.model.MetaParameters;
import org.engram.model.NetworkStructure;
import org.engram.spec.NetworkType;
import org.engram.spec.Topology;
import org.engram.train.TrialSetup;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class RuleResponseTest {

  @Test
  void gridSpansMinusOneToOneAndRejectsFewerThanTwoValues() {
    assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1}, RuleResponse.grid(5), 1e-15);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RuleResponse.grid(1));
    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
  }

  /** The fixed Hebbian form has a closed-form response: -lambda w0 + eta post pre. */
  @Test
  void hebbianRuleResponseIsItsClosedForm() {
    TrialSetup setup = ProbeFixtures.setup(NetworkType.HEBBIAN);
    MetaParameters theta = setup.theta();
    double lambda = 0.05;
    double eta = 0.3;
    double w0 = 0.4;
    theta.get("lam").assign(lambda);
    theta.get("eta").assign(eta);
    theta.get("w0").assign(w0);
    RuleResponse r = RuleResponse.measure(setup.network(), theta, 5);
    double[] grid = r.gridValues();
    for (int post = 0; post < 5; post++) {
      for (int pre = 0; pre < 5; pre++) {
        double expected = -lambda * w0 + eta * grid[post] * grid[pre];
        assertEquals(expected, r.deltaW0()[post * 5 + pre], 1e-12, "post " + post + " pre " + pre);
      }
    }
    assertEquals(1.0, r.hebbianScore(), 1e-12);
    assertEquals(-lambda * w0, r.decay(), 1e-12);
    assertEquals(lambda, r.decayRate(), 1e-10);
    assertEquals("hidden", r.postRole());
    assertEquals("hidden", r.preRole());
  }

  /** An anti-Hebbian rule (eta < 0) scores -1. */
  @Test
  void antiHebbianRuleScoresMinusOne() {
    TrialSetup setup = ProbeFixtures.setup(NetworkType.HEBBIAN);
    setup.theta().get("eta").assign(-0.2);
    RuleResponse r = RuleResponse.measure(setup.network(), setup.theta(), 3);
    assertEquals(-1.0, r.hebbianScore(), 1e-12);
  }

  @Test
  void frozenSynapsesDoNotRespond() {
    TrialSetup setup = ProbeFixtures.randomized(NetworkType.FROZEN_SYNAPSES, 0.5, 3);
    RuleResponse r = RuleResponse.measure(setup.network(), setup.theta(), 5);
    for (double d : r.deltaW0()) {
      assertEquals(0.0, d, 0.0);
    }
    assertTrue(Double.isNaN(r.hebbianScore()), "a flat response has no Hebbian score");
    assertEquals(0.0, r.decay(), 0.0);
    assertEquals(0.0, r.decayRate(), 0.0);
  }

  /**
   * The learned rule's response equals F_s of MODEL.md section 3.3 computed here by hand from theta
   * for the probed synapse: v = [w0, post e_0, pre e_0, e_type(i), e_type(j)].
   */
  @Test
  void learnedRuleResponseMatchesTheSynapseRuleByHand() {
    TrialSetup setup = ProbeFixtures.randomized(NetworkType.PLASTIC, 0.7, 11);
    EngramNetwork network = setup.network();
    MetaParameters theta = setup.theta();
    RuleResponse r = RuleResponse.measure(network, theta, 5);
    int[] pair = RuleResponse.probedSynapse(network.structure());
    double[] grid = r.gridValues();
    for (int post = 0; post < 5; post++) {
      for (int pre = 0; pre < 5; pre++) {
        double expected = byHand(network, theta, pair, grid[post], grid[pre], 0.0);
        assertEquals(expected, r.deltaW0()[post * 5 + pre], 1e-12, "post " + post + " pre " + pre);
      }
    }
    assertEquals(byHand(network, theta, pair, 0, 0, 0), r.decay(), 1e-12);
    double h = RuleResponse.DECAY_STEP;
    double rate =
        -(byHand(network, theta, pair, 0, 0, h) - byHand(network, theta, pair, 0, 0, -h)) / (2 * h);
    assertEquals(rate, r.decayRate(), 1e-12);
    assertTrue(Math.abs(r.hebbianScore()) <= 1.0);
    double spread = 0;
    for (double d : r.deltaW0()) {
      spread = Math.max(spread, Math.abs(d - r.deltaW0()[0]));
    }
    assertTrue(spread > 1e-3, "a random rule responds to activity, spread " + spread);
  }

  @Test
  void probedSynapseIsHiddenFromHiddenOrOutputFromOutputWithoutHiddenNeurons() {
    NetworkStructure dense = ProbeFixtures.setup(NetworkType.PLASTIC).network().structure();
    int[] pair = RuleResponse.probedSynapse(dense);
    assertEquals("hidden", RuleResponse.role(dense, pair[0]));
    assertEquals("hidden", RuleResponse.role(dense, pair[1]));
    assertTrue(dense.connected(pair[0], pair[1]));
    NetworkStructure noHidden =
        TrialSetup.of(ProbeFixtures.spec(NetworkType.PLASTIC, Topology.LAYERED, 0))
            .network()
            .structure();
    int[] outputs = RuleResponse.probedSynapse(noHidden);
    assertEquals("output", RuleResponse.role(noHidden, outputs[0]));
    assertEquals("output", RuleResponse.role(noHidden, outputs[1]));
  }

  @Test
  void correlationOfAFlatSeriesIsNaN() {
    assertTrue(
        Double.isNaN(RuleResponse.correlation(new double[] {2, 2, 2}, new double[] {1, 2, 3})));
    assertEquals(
        1.0, RuleResponse.correlation(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-15);
  }

  private static double byHand(
      EngramNetwork network, MetaParameters theta, int[] pair, double post, double pre, double dw) {
    int s = network.synapseSize();
    int a = network.spec().activationSize();
    int e = network.spec().embeddingSize();
    INDArray u1 = theta.get("U1");
    INDArray u2 = theta.get("U2");
    INDArray d1 = theta.get("d1");
    INDArray d2 = theta.get("d2");
    INDArray emb = theta.get("e");
    INDArray w0 = theta.get("w0");
    int typeI = network.structure().type(pair[0]);
    int typeJ = network.structure().type(pair[1]);
    double[] v = new double[s + 2 * a + 2 * e];
    for (int k = 0; k < s; k++) {
      v[k] = w0.getDouble(k) + (k == 0 ? dw : 0);
    }
    v[s] = post;
    v[s + a] = pre;
    for (int k = 0; k < e; k++) {
      v[s + 2 * a + k] = emb.getDouble(typeI, k);
      v[s + 2 * a + e + k] = emb.getDouble(typeJ, k);
    }
    int hs = (int) u1.size(0);
    double[] z = new double[hs];
    for (int h = 0; h < hs; h++) {
      double sum = d1.getDouble(h);
      for (int k = 0; k < v.length; k++) {
        sum += u1.getDouble(h, k) * v[k];
      }
      z[h] = Math.tanh(sum);
    }
    double c = d2.getDouble(0);
    double g = d2.getDouble(s);
    for (int h = 0; h < hs; h++) {
      c += u2.getDouble(0, h) * z[h];
      g += u2.getDouble(s, h) * z[h];
    }
    double gate = 1 / (1 + Math.exp(-g));
    double w = v[0];
    return (1 - gate) * w + gate * Math.tanh(c) - w;
  }
}
