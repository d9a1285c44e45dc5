package org.engram.driver.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.util.LongAccumulator;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TrialCommitter;
import org.engram.driver.sink.TrialRecord;
import org.engram.result.TrialResult;
import org.engram.result.TrialStatus;
import org.engram.runtime.BuildInfo;
import org.engram.runtime.SpecJson;
import org.engram.spec.TrialSpec;
import org.engram.train.CheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor side of a run: runs one trial and commits its rows (see {@link TrialCommitter}).
 *
 * <p>Failures: a {@link RuntimeException} from the trial is deterministic (divergence, a setting
 * the worker rejects) and becomes a FAILED row, so the run goes on and the trial is not retried. An
 * {@link Error} (out of memory) or an I/O failure is an infrastructure failure: it propagates, and
 * Spark retries the task up to {@code run.maxFailures} times, resuming from the checkpoint.
 */
final class TrialTask implements Function<TrialJob, TrialOutcome> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TrialTask.class);
  private static final int MAX_ERROR_CHARS = 4000;

  private final String runId;
  private final String output;
  private final RunSettings settings;
  private final SerializableConf conf;
  private final LongAccumulator failed;

  TrialTask(
      String runId,
      String output,
      RunSettings settings,
      SerializableConf conf,
      LongAccumulator failed) {
    this.runId = runId;
    this.output = output;
    this.settings = settings;
    this.conf = conf;
    this.failed = failed;
  }

  @Override
  public TrialOutcome call(TrialJob job) throws IOException {
    String executor = Workers.executorId();
    OutputLayout layout = OutputLayout.of(output);
    FileSystem fs = layout.root().getFileSystem(conf.get());
    TrialCommitter committer = new TrialCommitter(fs, conf.get(), layout);
    Optional<TrialCommitter.Committed> done = committer.committed(job.trialId());
    if (done.isPresent() && runId.equals(done.get().runId())) {
      // An earlier attempt of this task committed, then its executor was lost before reporting.
      LOG.info("trial {} already committed by this run; not running it again", job.trialId());
      return new TrialOutcome(job.trialId(), done.get().status(), null, 0, executor, true);
    }
    Workers.configureThreads(settings.coresPerTrial());
    TrialSpec spec = SpecJson.read(job.specJson());
    CheckpointStore store =
        settings.checkpoints()
            ? new HadoopCheckpointStore(fs, layout.checkpoints())
            : CheckpointStore.none();
    long start = System.nanoTime();
    TrialResult result = runTrial(spec, job.trialId(), store);
    double wall = (System.nanoTime() - start) / 1e9;
    if (result.provenance() == null) {
      result = withProvenance(result, wall);
    }
    int attempt = TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber();
    committer.commit(
        new TrialRecord(
            runId,
            job.trialId(),
            job.specJson(),
            result,
            BuildInfo.projectVersion(),
            executor,
            attempt,
            wall,
            System.currentTimeMillis()));
    if (result.status() == TrialStatus.OK) {
      store.delete(job.trialId());
    } else {
      failed.add(1); // the driver's progress line counts failures from this
    }
    LOG.info(
        "trial {} {} in {} s on {}",
        job.trialId(),
        result.status(),
        String.format("%.1f", wall),
        executor);
    return new TrialOutcome(
        job.trialId(), result.status().name(), result.error(), wall, executor, false);
  }

  private TrialResult runTrial(TrialSpec spec, String trialId, CheckpointStore store) {
    TrialExecutor executor = newExecutor();
    long start = System.nanoTime();
    try {
      return executor.run(spec, trialId, store, new LoggingProgress(trialId));
    } catch (UncheckedIOException e) {
      throw e; // the checkpoint store or the disk: infrastructure, retried by Spark
    } catch (RuntimeException e) {
      LOG.warn("trial {} failed: {}", trialId, e.toString());
      double wall = (System.nanoTime() - start) / 1e9;
      return new TrialResult(
          spec,
          TrialStatus.FAILED,
          describe(e),
          List.of(),
          0,
          List.of(),
          null,
          0,
          0,
          wall,
          0,
          Workers.provenance(settings.coresPerTrial(), wall));
    }
  }

  private TrialExecutor newExecutor() {
    try {
      return Class.forName(settings.runner())
          .asSubclass(TrialExecutor.class)
          .getDeclaredConstructor()
          .newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "run.runner: cannot create a TrialExecutor from '" + settings.runner() + "'", e);
    }
  }

  private TrialResult withProvenance(TrialResult r, double wall) {
    return new TrialResult(
        r.spec(),
        r.status(),
        r.error(),
        r.evals(),
        r.capacityK90(),
        r.curve(),
        r.ruleJson(),
        r.metaStepsDone(),
        r.resumedFromStep(),
        r.trainSeconds(),
        r.evalSeconds(),
        Workers.provenance(settings.coresPerTrial(), wall));
  }

  /** The exception's class, message and where it was thrown: enough to act on from a table. */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(e.toString());
    StackTraceElement[] st = e.getStackTrace();
    if (st.length > 0) {
      sb.append(" at ").append(st[0]);
    }
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      sb.append("; caused by ").append(c);
    }
    return sb.length() > MAX_ERROR_CHARS ? sb.substring(0, MAX_ERROR_CHARS) : sb.toString();
  }
}
