package org.engram.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.engram.result.DifficultyMetrics;
import org.engram.result.TrialResult;
import org.engram.result.TrialStatus;
import org.engram.spec.EvalSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.engram.spec.TrialSpec;
import org.junit.jupiter.api.Test;

/** Every baseline through the same TrialRunner, tasks and metrics as the engram networks. */
class BaselineTrialTest {
  private static final List<NetworkType> BASELINES =
      List.of(
          NetworkType.HOPFIELD, NetworkType.DELTA_RULE, NetworkType.LSTM, NetworkType.LSTM_STATE);

  private static TrialResult run(TrialSpec spec) {
    return new TrialRunner(CheckpointStore.none(), ProgressListener.none()).run(spec, "t");
  }

  private static TrialSpec withTask(TrialSpec s, TaskSpec task, EvalSpec eval) {
    return new TrialSpec(s.network(), task, s.train(), eval, s.seed());
  }

  @Test
  void everyBaselineRunsThroughTheTrialRunnerWithMetricsPerDifficulty() {
    for (NetworkType type : BASELINES) {
      TrialResult r = run(TinyTrials.spec(type, 3, 1));
      assertEquals(TrialStatus.OK, r.status(), type + ": " + r.error());
      assertEquals(type, r.spec().network().type());
      assertEquals(List.of(1, 2), r.evals().stream().map(DifficultyMetrics::snippets).toList());
      for (DifficultyMetrics m : r.evals()) {
        assertTrue(m.bitAccuracy() >= 0 && m.bitAccuracy() <= 1, type + ": " + m);
        assertTrue(Double.isFinite(m.loss()) && m.loss() > 0, type + ": " + m);
        assertEquals(1.0 * m.hiddenBits() / m.recalls(), 2.0, 1e-12, "round(0.5 * 4) hidden bits");
      }
      assertTrue(r.ruleJson().contains("\"format\":\"engram-baseline-v1\""), r.ruleJson());
      boolean trained = type != NetworkType.HOPFIELD;
      assertEquals(trained ? 3 : 0, r.metaStepsDone(), type.label());
      assertEquals(trained, r.curve().stream().anyMatch(p -> p.metric().equals("grad_norm")));
    }
  }

  @Test
  void aBaselineOnATaskItCannotDoFailsTheTrialNamingBoth() {
    TrialSpec hetero =
        withTask(
            TinyTrials.spec(NetworkType.HOPFIELD, 3, 1),
            TaskSpec.defaults().withKind(TaskKind.HETEROASSOC, 4, 3),
            new EvalSpec(List.of(1), 8, 1));
    TrialResult r = run(hetero);
    assertEquals(TrialStatus.FAILED, r.status());
    assertTrue(r.error().contains("hopfield") && r.error().contains("heteroassoc"), r.error());
    TrialSpec seq =
        withTask(
            TinyTrials.spec(NetworkType.DELTA_RULE, 3, 1),
            TaskSpec.defaults().withKind(TaskKind.SEQUENCE, 4, 4),
            new EvalSpec(List.of(1), 8, 1));
    TrialResult s = run(seq);
    assertEquals(TrialStatus.FAILED, s.status());
    assertTrue(s.error().contains("delta-rule") && s.error().contains("sequence"), s.error());
  }

  @Test
  void lstmRunsEveryTaskKind() {
    for (TaskKind kind : TaskKind.values()) {
      TrialSpec spec =
          withTask(
              TinyTrials.spec(NetworkType.LSTM, 2, 1),
              TaskSpec.defaults().withKind(kind, 4, 3),
              new EvalSpec(List.of(1), 4, 1));
      TrialResult r = run(spec);
      assertEquals(TrialStatus.OK, r.status(), kind + ": " + r.error());
    }
  }

  /** MODEL.md section 4: at K = 1 on autoassoc D = 8 the memory baselines are far above chance. */
  @Test
  void hopfieldAndDeltaRuleBeatChanceAtOneSnippet() {
    for (NetworkType type : List.of(NetworkType.HOPFIELD, NetworkType.DELTA_RULE)) {
      TrialSpec spec =
          withTask(
              TinyTrials.spec(type, 5, 2),
              TaskSpec.defaults().withKind(TaskKind.AUTOASSOC, 8, 8).withSnippets(1),
              new EvalSpec(List.of(1), 32, 1));
      TrialResult r = run(spec);
      assertEquals(TrialStatus.OK, r.status(), type + ": " + r.error());
      double acc = r.evals().get(0).bitAccuracy();
      assertTrue(acc > 0.75, type.label() + " hidden-bit accuracy at K = 1: " + acc);
    }
  }

  @Test
  void baselineCheckpointResumeEqualsAnUninterruptedRun() throws Exception {
    for (NetworkType type : List.of(NetworkType.DELTA_RULE, NetworkType.LSTM)) {
      TrialSpec spec = TinyTrials.spec(type, 8, 5);
      MetaTrainer whole = TrialSetup.of(spec).trainer(spec);
      List<MetaTrainer.StepResult> expected = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        expected.add(whole.step());
      }
      MetaTrainer before = TrialSetup.of(spec).trainer(spec);
      for (int i = 0; i < 5; i++) {
        before.step();
      }
      byte[] bytes = before.checkpoint("fp").toBytes();
      MetaTrainer after = TrialSetup.of(spec).trainer(spec);
      after.restore(TrainingCheckpoint.fromBytes(bytes));
      for (int i = 5; i < 8; i++) {
        assertEquals(expected.get(i), after.step(), type.label() + " meta-step " + (i + 1));
      }
    }
  }

  @Test
  void sameSeedGivesIdenticalResults() {
    TrialResult a = run(TinyTrials.spec(NetworkType.LSTM, 4, 3));
    TrialResult b = run(TinyTrials.spec(NetworkType.LSTM, 4, 3));
    assertEquals(a.evals(), b.evals());
    assertEquals(a.ruleJson(), b.ruleJson());
  }

  @Test
  void anUntrainableModelHasNoTrainer() {
    TrialSpec spec = TinyTrials.spec(NetworkType.HOPFIELD, 3, 1);
    TrialSetup setup = TrialSetup.of(spec);
    assertEquals(0, setup.theta().layout().totalSize());
    assertThrows(IllegalArgumentException.class, () -> setup.trainer(spec));
    assertThrows(IllegalStateException.class, setup::network);
  }
}
