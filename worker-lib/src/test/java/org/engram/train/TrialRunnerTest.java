package org.engram.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.engram.eval.Evaluator;
import org.engram.model.EngramNetwork;
import org.engram.model.MetaParameters;
import org.engram.model.TrainedRule;
import org.engram.result.DifficultyMetrics;
import org.engram.result.RuleProbes;
import org.engram.result.TrialResult;
import org.engram.result.TrialStatus;
import org.engram.spec.NetworkSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.TrialSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TrialRunnerTest {

  private static TrialResult run(TrialSpec spec) {
    return new TrialRunner(CheckpointStore.none(), ProgressListener.none()).run(spec, "t");
  }

  @Test
  void sameSeedGivesIdenticalResultsAndAnotherSeedDifferentOnes() {
    TrialResult a = run(TinyTrials.spec(NetworkType.PLASTIC, 12, 3));
    TrialResult b = run(TinyTrials.spec(NetworkType.PLASTIC, 12, 3));
    TrialResult c = run(TinyTrials.spec(NetworkType.PLASTIC, 12, 4));
    assertEquals(TrialStatus.OK, a.status(), a.error());
    assertEquals(a.evals(), b.evals());
    assertEquals(a.curve(), b.curve());
    assertEquals(a.ruleJson(), b.ruleJson());
    assertNotEquals(a.evals(), c.evals());
    assertNotEquals(a.ruleJson(), c.ruleJson());
  }

  @Test
  void everyNetworkTypeTrainsAndEvaluates() {
    for (NetworkType type : NetworkType.values()) {
      if (type.isBaseline()) {
        continue; // BaselineTrialTest runs every baseline
      }
      TrialResult r = run(TinyTrials.spec(type, 3, 1));
      assertEquals(TrialStatus.OK, r.status(), type + ": " + r.error());
      assertEquals(List.of(1, 2), r.evals().stream().map(DifficultyMetrics::snippets).toList());
      for (DifficultyMetrics m : r.evals()) {
        assertTrue(m.bitAccuracy() >= 0 && m.bitAccuracy() <= 1, type + ": " + m);
        assertEquals(1.0 * m.hiddenBits() / m.recalls(), 2.0, 1e-12, "round(0.5 * 4) hidden bits");
      }
      assertEquals(3, r.metaStepsDone());
      assertTrue(r.curve().stream().anyMatch(p -> p.metric().equals("grad_norm")));
      assertTrue(r.provenance().wallSeconds() > 0);
    }
  }

  @Test
  void aTrainedRuleIsProbedAndItsIntactRecallIsTheEvaluationAtTheTrainingK() {
    TrialSpec spec = TinyTrials.spec(NetworkType.PLASTIC, 4, 2);
    TrialResult r = run(spec);
    assertEquals(TrialStatus.OK, r.status(), r.error());
    RuleProbes p = r.probes();
    assertEquals(spec.task().snippets(), p.probeSnippets());
    double evaluated =
        r.evals().stream()
            .filter(m -> m.snippets() == spec.task().snippets())
            .findFirst()
            .orElseThrow()
            .bitAccuracy();
    assertEquals(evaluated, p.recallIntact(), 0.0);
    assertEquals(9 * 9, p.deltaW0().length);
    for (double v : new double[] {p.recallResetActivations(), p.recallResetSynapses()}) {
      assertTrue(v >= 0 && v <= 1, p.toString());
    }
    assertNull(run(TinyTrials.spec(NetworkType.HOPFIELD, 1, 2)).probes(), "baselines have no rule");
  }

  @Test
  void checkpointResumeEqualsAnUninterruptedRun() throws Exception {
    TrialSpec spec = TinyTrials.spec(NetworkType.PLASTIC, 14, 5);
    TrialSetup whole = TrialSetup.of(spec);
    MetaTrainer uninterrupted = whole.trainer(spec);
    for (int i = 0; i < 14; i++) {
      uninterrupted.step();
    }
    TrialSetup first = TrialSetup.of(spec);
    MetaTrainer before = first.trainer(spec);
    for (int i = 0; i < 9; i++) {
      before.step();
    }
    byte[] bytes = before.checkpoint("fp").toBytes();
    TrialSetup second = TrialSetup.of(spec);
    MetaTrainer after = second.trainer(spec);
    after.restore(TrainingCheckpoint.fromBytes(bytes));
    List<MetaTrainer.StepResult> tail = new ArrayList<>();
    for (int i = 9; i < 14; i++) {
      tail.add(after.step());
    }
    assertEquals(14, after.stepsDone());
    assertArrayEquals(
        uninterrupted.parameters().flat().data().asFloat(),
        after.parameters().flat().data().asFloat(),
        "theta after resume, bit for bit");
  }

  @Test
  void trialRunnerResumesFromTheStoreAndMatches() {
    TrialSpec spec = TinyTrials.spec(NetworkType.PLASTIC, 10, 8);
    TinyTrials.MemoryStore store = new TinyTrials.MemoryStore();
    TrialSetup setup = TrialSetup.of(spec);
    MetaTrainer t = setup.trainer(spec);
    for (int i = 0; i < 6; i++) {
      t.step();
    }
    String fingerprint =
        org.engram.runtime.SpecJson.write(spec) + "|" + org.engram.runtime.BuildInfo.codeVersion();
    store.saved.put("id", t.checkpoint(fingerprint).toBytes());
    TrialResult resumed = new TrialRunner(store, ProgressListener.none()).run(spec, "id");
    TrialResult fresh = run(spec);
    assertEquals(6, resumed.resumedFromStep());
    assertEquals(0, fresh.resumedFromStep());
    assertEquals(fresh.evals(), resumed.evals());
    assertEquals(fresh.ruleJson(), resumed.ruleJson());
  }

  @Test
  void checkpointsAreWrittenEveryNMetaSteps() {
    TinyTrials.MemoryStore store = new TinyTrials.MemoryStore();
    new TrialRunner(store, ProgressListener.none()).run(checkpointingEvery3(), "id");
    assertEquals(3, store.saves, "checkpoints at meta-steps 3, 6 and 9");
  }

  @Test
  void aStoreThatWantsSavesFarApartGetsNoneFromAShortTrialWhoseResultIsUnchanged() {
    TinyTrials.MemoryStore every = new TinyTrials.MemoryStore();
    TrialResult all =
        new TrialRunner(every, ProgressListener.none()).run(checkpointingEvery3(), "a");
    TinyTrials.MemoryStore apart = new TinyTrials.MemoryStore(3600);
    TrialResult none =
        new TrialRunner(apart, ProgressListener.none()).run(checkpointingEvery3(), "b");
    assertEquals(3, every.saves);
    assertEquals(0, apart.saves, "the trial took far less than an hour: no checkpoint is due");
    assertEquals(TrialStatus.OK, none.status());
    assertEquals(
        all.evals(), none.evals(), "a checkpoint is only a copy: the results are the same");
  }

  /** Ten meta-steps of a tiny trial, a checkpoint due every three. */
  private static TrialSpec checkpointingEvery3() {
    TrialSpec base = TinyTrials.spec(NetworkType.PLASTIC, 10, 2);
    return new TrialSpec(
        base.network(),
        base.task(),
        new org.engram.spec.TrainSpec(
            10,
            4,
            1e-2,
            1e-3,
            1.0,
            0.9,
            0.999,
            1e-8,
            false,
            0.9,
            5,
            3,
            5,
            org.engram.spec.Precision.FLOAT32),
        base.eval(),
        base.seed());
  }

  @Test
  void aCorruptCheckpointIsReportedAndKept() {
    TrialSpec spec = TinyTrials.spec(NetworkType.PLASTIC, 6, 2);
    TinyTrials.MemoryStore store = new TinyTrials.MemoryStore();
    MetaTrainer t = TrialSetup.of(spec).trainer(spec);
    t.step();
    byte[] bytes = t.checkpoint("x").toBytes();
    bytes[bytes.length / 2] ^= 0x55;
    assertThrows(CorruptCheckpointException.class, () -> TrainingCheckpoint.fromBytes(bytes));
    store.saved.put("id", bytes);
    TrialResult r = new TrialRunner(store, ProgressListener.none()).run(spec, "id");
    assertEquals(TrialStatus.FAILED, r.status());
    assertTrue(r.error().contains("CRC mismatch"), r.error());
    assertEquals(bytes.length, store.saved.get("id").length, "the corrupt checkpoint is kept");
  }

  @Test
  void aDivergentTrialFailsWithTheMetaStepAndReason() {
    TrialSpec base = TinyTrials.spec(NetworkType.PLASTIC, 5, 2);
    NetworkSpec n = base.network();
    // sigma_w = 1e300 is inf in float32: w * a = inf * 0 = NaN at the first step.
    NetworkSpec wild =
        new NetworkSpec(
            n.type(),
            n.topology(),
            n.density(),
            n.hidden(),
            n.hiddenTypes(),
            n.activationSize(),
            n.synapseSize(),
            n.embeddingSize(),
            n.activationHidden(),
            n.synapseHidden(),
            1e300,
            n.gateBias(),
            n.hebbianLambda(),
            n.hebbianEta());
    TrialResult r = run(new TrialSpec(wild, base.task(), base.train(), base.eval(), 2));
    assertEquals(TrialStatus.FAILED, r.status());
    assertEquals("meta-step 1: non-finite loss (NaN)", r.error());
    assertNull(r.ruleJson());
  }

  @Test
  void anInvalidSettingIsAFailedResultNamingTheKey() {
    TrialSpec base = TinyTrials.spec(NetworkType.PLASTIC, 5, 2);
    TrialResult r =
        run(
            new TrialSpec(
                base.network(), base.task().withRecallSteps(1), base.train(), base.eval(), 2));
    assertEquals(TrialStatus.FAILED, r.status());
    assertTrue(r.error().contains("task.recallSteps must be >= 2"), r.error());
  }

  @Test
  void aSavedRuleLoadsBackAndEvaluatesTheSame(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    TrialSpec spec = TinyTrials.spec(NetworkType.PLASTIC, 8, 6);
    TrialResult r = run(spec);
    java.nio.file.Path file = dir.resolve("rule.json");
    TrainedRule.fromJson(r.ruleJson()).save(file);
    TrainedRule rule = TrainedRule.load(file);
    EngramNetwork net = rule.network(DataType.FLOAT);
    MetaParameters theta = rule.parameters(net);
    List<DifficultyMetrics> again =
        new Evaluator(net, rule.task(), rule.recallSteps(), spec.eval())
            .evaluateAll(theta, org.engram.runtime.Seeds.derive(spec.seed(), "eval"));
    assertEquals(r.evals(), again);

    // theta does not grow with N: the rule runs in a bigger network at a higher K.
    NetworkSpec bigger = rule.network().withHidden(9, 1);
    EngramNetwork big = rule.network(bigger, rule.task(), 3);
    DifficultyMetrics m =
        new Evaluator(big, rule.task(), rule.recallSteps(), spec.eval())
            .evaluate(rule.parameters(big), 3, 1);
    assertEquals(3, m.snippets());
    assertEquals(4 + 2 + 4 + 9, m.hiddenBits() > 0 ? big.structure().neuronCount() : -1);
  }
}
