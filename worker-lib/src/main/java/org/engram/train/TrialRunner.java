package org.engram.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.engram.eval.Evaluator;
import org.engram.eval.HiddenBitMetrics;
import org.engram.model.KernelThreads;
import org.engram.model.VectorSupport;
import org.engram.probe.RuleProber;
import org.engram.result.CurvePoint;
import org.engram.result.DifficultyMetrics;
import org.engram.result.Provenance;
import org.engram.result.RuleProbes;
import org.engram.result.TrialResult;
import org.engram.result.TrialStatus;
import org.engram.runtime.BuildInfo;
import org.engram.runtime.Nd4jRuntime;
import org.engram.runtime.Seeds;
import org.engram.runtime.SpecJson;
import org.engram.spec.TrialSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one trial: builds the network of a spec, meta-trains it (resuming from a checkpoint if the
 * store has one), evaluates it across difficulties, and returns the result. A deterministic failure
 * (divergence, an invalid setting, exhausted memory, a corrupt checkpoint) is returned as a FAILED
 * result, never thrown; only failures of the checkpoint store's I/O throw, so that Spark retries
 * them elsewhere.
 */
public final class TrialRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);

  private final CheckpointStore checkpoints;
  private final ProgressListener listener;

  public TrialRunner(CheckpointStore checkpoints, ProgressListener listener) {
    this.checkpoints = checkpoints;
    this.listener = listener;
  }

  /**
   * Runs the trial, resuming from the store's checkpoint under {@code trialId} if there is one.
   *
   * @param spec the trial
   * @param trialId the trial's content id, the key of its checkpoint
   */
  public TrialResult run(TrialSpec spec, String trialId) {
    long start = System.nanoTime();
    try {
      Nd4jRuntime.prepare();
    } catch (IllegalArgumentException e) {
      return failed(spec, "invalid JVM setting: " + e.getMessage(), List.of(), 0, 0, 0, start);
    }
    TrialSetup setup;
    try {
      setup = TrialSetup.of(spec);
    } catch (IllegalArgumentException e) {
      return failed(spec, "invalid trial: " + e.getMessage(), List.of(), 0, 0, 0, start);
    }
    if (!setup.model().trainable()) {
      return untrained(spec, setup, start);
    }
    MetaTrainer trainer = setup.trainer(spec);
    String fingerprint = SpecJson.write(spec) + "|" + BuildInfo.codeVersion();
    int resumedFrom;
    try {
      resumedFrom = restore(trainer, trialId, fingerprint);
    } catch (CorruptCheckpointException e) {
      return failed(
          spec,
          "checkpoint of trial "
              + trialId
              + " is unusable ("
              + e.getMessage()
              + "); it was kept"
              + " for inspection: delete it to start the trial over",
          List.of(),
          0,
          0,
          0,
          start);
    }
    CurveRecorder curve = new CurveRecorder(spec.train().curveEvery());
    int steps = spec.train().steps();
    int every = spec.train().checkpointEvery();
    long minNanosBetweenSaves = (long) (checkpoints.minSecondsBetweenSaves() * 1e9);
    long lastSave = System.nanoTime(); // the first checkpoint counts from training's start
    try {
      while (trainer.stepsDone() < steps) {
        MetaTrainer.StepResult r = trainer.step();
        TrainingProgress p = curve.add(r, steps);
        if (p != null) {
          listener.onProgress(p);
        }
        if (every > 0
            && trainer.stepsDone() % every == 0
            && trainer.stepsDone() < steps
            && System.nanoTime() - lastSave >= minNanosBetweenSaves) {
          checkpoints.save(trialId, trainer.checkpoint(fingerprint).toBytes());
          lastSave = System.nanoTime();
        }
      }
    } catch (TrialDivergedException e) {
      return failed(
          spec,
          e.getMessage(),
          curve.points(),
          trainer.stepsDone(),
          resumedFrom,
          seconds(start),
          start);
    } catch (OutOfMemoryError e) {
      return failed(
          spec,
          "out of memory at meta-step " + (trainer.stepsDone() + 1) + ": " + e.getMessage(),
          curve.points(),
          trainer.stepsDone(),
          resumedFrom,
          seconds(start),
          start);
    } catch (IOException e) {
      throw new UncheckedIOException("checkpoint store failed for trial " + trialId, e);
    }
    return evaluated(spec, setup, curve.points(), steps, resumedFrom, seconds(start), start);
  }

  /**
   * Evaluates the trained (or untrainable) theta at every difficulty and returns the OK result, or
   * a FAILED one if evaluation exhausts memory.
   */
  private static TrialResult evaluated(
      TrialSpec spec,
      TrialSetup setup,
      List<CurvePoint> curve,
      int stepsDone,
      int resumedFrom,
      double trainSeconds,
      long start) {
    long evalStart = System.nanoTime();
    List<DifficultyMetrics> evals;
    RuleProbes probes;
    try {
      evals = evaluate(spec, setup);
      probes = probes(spec, setup);
    } catch (OutOfMemoryError e) {
      return failed(
          spec,
          "out of memory in evaluation: " + e.getMessage(),
          curve,
          stepsDone,
          resumedFrom,
          trainSeconds,
          start);
    }
    String rule =
        setup
            .model()
            .ruleJson(setup.theta(), spec.task(), setup.recallSteps(), BuildInfo.codeVersion());
    return new TrialResult(
        spec,
        TrialStatus.OK,
        null,
        evals,
        HiddenBitMetrics.capacityK90(evals),
        curve,
        rule,
        probes,
        stepsDone,
        resumedFrom,
        trainSeconds,
        seconds(evalStart),
        provenance(start));
  }

  private static List<DifficultyMetrics> evaluate(TrialSpec spec, TrialSetup setup) {
    return new Evaluator(setup.model(), spec.task(), setup.recallSteps(), spec.eval())
        .evaluateAll(setup.theta(), evalSeed(spec));
  }

  private static long evalSeed(TrialSpec spec) {
    return Seeds.derive(spec.seed(), "eval");
  }

  /** The probes of MODEL.md section 8 for a rule of the engram family; null for a baseline. */
  private static RuleProbes probes(TrialSpec spec, TrialSetup setup) {
    if (!(setup.model() instanceof EngramModel engram)) {
      return null;
    }
    return RuleProber.probe(
        engram.network(),
        setup.theta(),
        spec.task(),
        setup.recallSteps(),
        spec.eval(),
        evalSeed(spec));
  }

  /**
   * A model with nothing to meta-train (the analytic {@code hopfield} memory) is only evaluated: no
   * meta-step, no curve, no checkpoint.
   */
  private static TrialResult untrained(TrialSpec spec, TrialSetup setup, long start) {
    return evaluated(spec, setup, List.of(), 0, 0, 0, start);
  }

  private int restore(MetaTrainer trainer, String trialId, String fingerprint)
      throws CorruptCheckpointException {
    Optional<byte[]> bytes;
    try {
      bytes = checkpoints.load(trialId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checkpoint of trial " + trialId, e);
    }
    if (bytes.isEmpty()) {
      return 0;
    }
    TrainingCheckpoint c = TrainingCheckpoint.fromBytes(bytes.get());
    if (!c.fingerprint().equals(fingerprint)) {
      throw new CorruptCheckpointException("it belongs to another spec or code version");
    }
    trainer.restore(c);
    LOG.info("trial {} resumes from its checkpoint at meta-step {}", trialId, c.stepsDone());
    return c.stepsDone();
  }

  private static TrialResult failed(
      TrialSpec spec,
      String error,
      List<CurvePoint> curve,
      int stepsDone,
      int resumedFrom,
      double trainSeconds,
      long start) {
    return new TrialResult(
        spec,
        TrialStatus.FAILED,
        error,
        List.of(),
        0,
        curve,
        null,
        null,
        stepsDone,
        resumedFrom,
        trainSeconds,
        0,
        provenance(start));
  }

  private static Provenance provenance(long start) {
    return new Provenance(
        BuildInfo.codeVersion(),
        BuildInfo.gitCommit(),
        System.getProperty("java.version"),
        Nd4jRuntime.backend() + ", kernel " + VectorSupport.kernel() + kernelThreads(),
        Nd4jRuntime.threads(),
        Nd4jRuntime.host(),
        seconds(start));
  }

  /** The synapse kernel's threads where more than one: they change the gradients' rounding. */
  private static String kernelThreads() {
    return KernelThreads.get() > 1 ? " on " + KernelThreads.get() + " threads" : "";
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
