package org.engram.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.engram.eval.Evaluator;
import org.engram.model.WindowInput;
import org.engram.probe.StateResetRecall.Reset;
import org.engram.spec.NetworkType;
import org.engram.spec.TrialSpec;
import org.engram.task.WindowLayout;
import org.engram.task.WindowSampler;
import org.engram.train.TrialSetup;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class StateResetRecallTest {

  private static final long SEED = 99;

  private static double accuracy(TrialSpec spec, TrialSetup setup, int k, Reset reset) {
    return new StateResetRecall(setup.network(), spec.task(), setup.recallSteps(), spec.eval())
        .bitAccuracy(setup.theta(), k, SEED, reset);
  }

  /** Storage and recall run as two passes with the state handed over: nothing may change. */
  @Test
  void withNothingResetItEqualsTheEvaluation() {
    TrialSpec spec = ProbeFixtures.spec(NetworkType.PLASTIC, org.engram.spec.Topology.DENSE, 4);
    TrialSetup setup = ProbeFixtures.randomized(spec, 0.5, 5);
    for (int k : new int[] {1, 3}) {
      double evaluated =
          new Evaluator(setup.network(), spec.task(), setup.recallSteps(), spec.eval())
              .evaluate(setup.theta(), k, SEED)
              .bitAccuracy();
      assertEquals(evaluated, accuracy(spec, setup, k, Reset.NOTHING), 0.0, "K = " + k);
    }
  }

  /** The recall loss (continuous, unlike the accuracy of a random rule) moves with either reset. */
  @Test
  void eitherResetChangesRecallOfAPlasticNetwork() {
    TrialSpec spec = ProbeFixtures.spec(NetworkType.PLASTIC, org.engram.spec.Topology.DENSE, 4);
    TrialSetup setup = ProbeFixtures.randomized(spec, 0.5, 5);
    StateResetRecall probe =
        new StateResetRecall(setup.network(), spec.task(), setup.recallSteps(), spec.eval());
    double intact = probe.counts(setup.theta(), 2, SEED, Reset.NOTHING).loss();
    assertNotEquals(intact, probe.counts(setup.theta(), 2, SEED, Reset.ACTIVATIONS).loss());
    assertNotEquals(intact, probe.counts(setup.theta(), 2, SEED, Reset.SYNAPSES).loss());
  }

  /** Frozen synapses are at their birth values already: resetting them is a no-op. */
  @Test
  void resettingFrozenSynapsesChangesNothing() {
    TrialSpec spec =
        ProbeFixtures.spec(NetworkType.FROZEN_SYNAPSES, org.engram.spec.Topology.DENSE, 4);
    TrialSetup setup = ProbeFixtures.randomized(spec, 0.5, 8);
    assertEquals(
        accuracy(spec, setup, 2, Reset.NOTHING), accuracy(spec, setup, 2, Reset.SYNAPSES), 0.0);
  }

  @Test
  void halvesSplitTheWindowAtTheFirstRecall() {
    TrialSpec spec = ProbeFixtures.spec(NetworkType.PLASTIC, org.engram.spec.Topology.DENSE, 4);
    int recallSteps = TrialSetup.of(spec).recallSteps();
    WindowInput w =
        WindowSampler.of(spec.task(), recallSteps, DataType.DOUBLE)
            .sample(3, 2, new SplittableRandom(1))
            .input();
    int split = new WindowLayout(spec.task(), recallSteps).recallStart(2, 0);
    WindowInput storage = StateResetRecall.storageHalf(w, split);
    WindowInput recall = StateResetRecall.recallHalf(w, split);
    assertEquals(split, storage.steps());
    assertEquals(w.steps() - split, recall.steps());
    assertEquals(w.x(), Nd4j.concat(0, storage.x(), recall.x()));
    int[] shifted = w.scoreSteps();
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] -= split;
    }
    assertArrayEquals(shifted, recall.scoreSteps());
    assertTrue(recall.scoreSteps()[0] >= 0);
    assertEquals(w.targets(), recall.targets());
    assertEquals(w.hidden(), recall.hidden());
  }
}
