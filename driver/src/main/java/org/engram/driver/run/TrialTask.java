package org.engram.driver.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.engram.driver.sink.OutputFileSystems;
import org.engram.driver.sink.OutputFiles;
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
 * I/O failure is an infrastructure failure: it propagates, and Spark retries the task up to {@code
 * run.maxFailures} times, resuming from the checkpoint.
 *
 * <p>Out of memory is either: another trial in the same executor may have held the memory, or the
 * trial is too large for any executor. So it is retried while attempts remain (as an ordinary
 * exception: an {@link OutOfMemoryError} escaping a task would make Spark kill the executor, and
 * with it the other trials running there), and the last attempt commits a FAILED row that says so,
 * so the run goes on instead of aborting.
 */
final class TrialTask implements Function<TrialJob, TrialOutcome> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TrialTask.class);
  private static final int MAX_ERROR_CHARS = 4000;

  /**
   * A trial's times outside it, logged at INFO for a failed trial or a slow commit and at DEBUG
   * otherwise ({@code logger.trialtimes} in {@code log4j2.properties}): at INFO for every trial,
   * the line's formatting and write (log4j's code, run interpreted on a one-core executor's commit
   * thread, then a pipe to the worker's log) took 0.3 CPU-ms a trial, a tenth of that thread's CPU
   * and 0.2% of a smoke-sized trial (28 Nov, the thread's CPU around the call).
   */
  private static final String TIMES =
      "trial {} {} in {} s on {}; outside the trial: {} ms committed check, {} ms set-up,"
          + " {} ms commit ({} ms CPU){}, {} ms clean-up";

  /** A commit this slow is logged at INFO whatever the trial's status. */
  private static final long SLOW_COMMIT_NANOS = 100_000_000;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final String runId;
  private final String output;
  private final RunSettings settings;
  private final Broadcast<SerializableConf> conf;
  private final LongAccumulator done;
  private final LongAccumulator failed;
  private final int attempts;

  /**
   * @param done counts the trials committed (or found committed), for the driver's progress; null
   *     for a {@link TrialQueue}'s workers, whose queue counts them
   * @param failed counts those of them that FAILED; null with {@code done}
   * @param attempts how many attempts Spark gives a task in this session (see {@link
   *     RunDriver#attempts}); the last one commits an out-of-memory trial as FAILED
   */
  TrialTask(
      String runId,
      String output,
      RunSettings settings,
      Broadcast<SerializableConf> conf,
      LongAccumulator done,
      LongAccumulator failed,
      int attempts) {
    this.runId = runId;
    this.output = output;
    this.settings = settings;
    this.conf = conf;
    this.done = done;
    this.failed = failed;
    this.attempts = attempts;
  }

  @Override
  public TrialOutcome call(TrialJob job) throws IOException {
    return run(job, openOutput()).commit();
  }

  /**
   * Where a task's trials commit and checkpoint: opened once per task, since a file system's lookup
   * and a copy of the Hadoop configuration cost a trial's set-up about half a millisecond of CPU
   * each (27 Nov, profiled in a one-core executor).
   */
  record Output(TrialCommitter committer, CheckpointStore checkpoints) {}

  /** Opens this run's output for a task's trials. */
  Output openOutput() throws IOException {
    OutputLayout layout = OutputLayout.of(output);
    // A copy: the broadcast one is shared by the tasks running in this executor.
    Configuration hadoop = new Configuration(conf.value().get());
    OutputFiles files = OutputFiles.of(OutputFileSystems.of(layout.root(), hadoop));
    CheckpointStore store =
        settings.checkpoints()
            ? new OutputCheckpointStore(
                files, layout.checkpoints(), settings.minCheckpointSeconds())
            : CheckpointStore.none();
    return new Output(new TrialCommitter(files, hadoop, layout), store);
  }

  /**
   * Runs a trial, or finds it committed by an earlier attempt of this run; its commit is left to
   * {@link Ran#commit}, which {@link TrialBatch} overlaps with the next trial.
   */
  Ran run(TrialJob job, Output out) throws IOException {
    return run(job, out, () -> {});
  }

  /**
   * As {@link #run(TrialJob, Output)}, calling {@code starting} once the trial has started (its
   * clock running), and not at all for a trial found committed or one whose set-up fails.
   */
  Ran run(TrialJob job, Output out, Runnable starting) throws IOException {
    return run(job, out, starting, taskAttempt());
  }

  /** The running Spark task's attempt (0 first), or 0 outside a task. */
  static int taskAttempt() {
    return TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber();
  }

  /**
   * As {@link #run(TrialJob, Output, Runnable)}, as the trial's attempt {@code attempt} (0 first):
   * its task's attempt, or its lease's from a {@link TrialQueue}.
   */
  Ran run(TrialJob job, Output out, Runnable starting, int attempt) throws IOException {
    long entered = System.nanoTime();
    String executor = Workers.executorId();
    TrialCommitter committer = out.committer();
    Optional<TrialCommitter.Committed> done = committer.committed(job.trialId());
    long checked = System.nanoTime();
    if (done.isPresent() && runId.equals(done.get().runId())) {
      // An earlier attempt of this task committed, then its executor was lost before reporting.
      LOG.info("trial {} already committed by this run; not running it again", job.trialId());
      return new Ran(new TrialOutcome(job.trialId(), done.get().status(), null, 0, executor, true));
    }
    Workers.configureThreads(settings.coresPerTrial());
    TrialSpec spec = SpecJson.read(job.specJson());
    CheckpointStore store = out.checkpoints();
    long start = System.nanoTime();
    starting.run();
    TrialResult result;
    try {
      result = runTrial(spec, job.trialId(), store);
    } catch (OutOfMemoryError e) {
      // Thrown outside the worker's own catch (building the network) or by a custom runner.
      result = failure(spec, "out of memory: " + e.getMessage(), start);
    }
    if (isOutOfMemory(result)) {
      result = outOfMemory(job.trialId(), result, attempt);
    }
    long ended = System.nanoTime();
    double wall = (ended - start) / 1e9;
    if (result.provenance() == null) {
      result = withProvenance(result, wall);
    }
    TrialRecord record =
        new TrialRecord(
            runId,
            job.trialId(),
            job.specJson(),
            result,
            BuildInfo.projectVersion(),
            executor,
            attempt,
            wall,
            System.currentTimeMillis());
    return new Ran(committer, record, store, new Timings(entered, checked, start, ended));
  }

  /**
   * Counts a committed trial in the accumulators the driver's progress reads. An accumulator is not
   * safe to add to from two threads at once; a task's commits run one at a time, each awaited
   * before the next, so its adds never overlap.
   */
  private TrialOutcome counted(TrialOutcome outcome) {
    if (done == null) {
      return outcome; // a queue's worker: the queue counts it (see TrialWorker)
    }
    done.add(1);
    if (outcome.status().equals(TrialStatus.FAILED.name())) {
      failed.add(1);
    }
    return outcome;
  }

  /** When a trial's task entered it, checked for its commit, started and ended it (nanos). */
  private record Timings(long entered, long checked, long started, long ended) {}

  /** A trial that has run and waits for its commit, or that an earlier attempt committed. */
  final class Ran {
    private final TrialOutcome alreadyCommitted;
    private final TrialCommitter committer;
    private final TrialRecord record;
    private final CheckpointStore store;
    private final Timings nanos;

    /** A trial an earlier attempt committed: its commit only counts it. */
    private Ran(TrialOutcome alreadyCommitted) {
      this.alreadyCommitted = alreadyCommitted;
      this.committer = null;
      this.record = null;
      this.store = null;
      this.nanos = null;
    }

    /** A trial that ran: its commit writes the record and drops the trial's checkpoints. */
    private Ran(
        TrialCommitter committer, TrialRecord record, CheckpointStore store, Timings nanos) {
      this.alreadyCommitted = null;
      this.committer = committer;
      this.record = record;
      this.store = store;
      this.nanos = nanos;
    }

    /**
     * Commits the trial's rows, drops its checkpoints and counts it; safe on another thread, one
     * commit of a task at a time.
     */
    TrialOutcome commit() throws IOException {
      if (alreadyCommitted != null) {
        return counted(alreadyCommitted);
      }
      long committing = System.nanoTime();
      long cpuBefore = THREADS.getCurrentThreadCpuTime();
      committer.commit(record);
      long committedAt = System.nanoTime();
      long commitCpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
      TrialResult result = record.result();
      if (result.status() == TrialStatus.OK) {
        store.delete(record.trialId());
      }
      long cleaned = System.nanoTime();
      boolean notable =
          result.status() != TrialStatus.OK || committedAt - committing > SLOW_COMMIT_NANOS;
      if (notable || LOG.isDebugEnabled()) {
        Object[] args = {
          record.trialId(),
          result.status(),
          Math.round(record.wallSeconds() * 1000) / 1000.0,
          record.executorId(),
          millis(nanos.checked() - nanos.entered()),
          millis(nanos.started() - nanos.checked()),
          millis(committedAt - committing),
          millis(commitCpu),
          committing - nanos.ended() > 1_000_000
              ? " (begun " + millis(committing - nanos.ended()) + " ms after the trial)"
              : "",
          millis(cleaned - committedAt)
        };
        if (notable) {
          LOG.info(TIMES, args);
        } else {
          LOG.debug(TIMES, args);
        }
      }
      return counted(
          new TrialOutcome(
              record.trialId(),
              result.status().name(),
              result.error(),
              record.wallSeconds(),
              record.executorId(),
              false));
    }
  }

  /**
   * Milliseconds to a tenth, without {@link String#format}: the times line is built on the commit
   * thread, where the formatter's parsing of its pattern (run interpreted in a one-core executor
   * for hundreds of trials) was 8% of the thread's CPU when the line was logged for every trial
   * (JFR, 28 Nov); it still is at DEBUG.
   */
  private static double millis(long nanos) {
    return Math.round(nanos / 1e5) / 10.0;
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
      return failure(spec, describe(e), start);
    }
  }

  private TrialResult failure(TrialSpec spec, String error, long startNanos) {
    double wall = (System.nanoTime() - startNanos) / 1e9;
    return new TrialResult(
        spec,
        TrialStatus.FAILED,
        error,
        List.of(),
        0,
        List.of(),
        null,
        null,
        0,
        0,
        wall,
        0,
        Workers.provenance(settings.coresPerTrial(), wall));
  }

  /** The worker's and this task's wording for exhausted memory. */
  private static boolean isOutOfMemory(TrialResult r) {
    return r.status() == TrialStatus.FAILED
        && r.error() != null
        && r.error().startsWith("out of memory");
  }

  /**
   * Retries an out-of-memory trial while attempts remain; on the last one, the FAILED result with
   * the attempts in its message.
   */
  private TrialResult outOfMemory(String trialId, TrialResult r, int attempt) {
    if (attempt + 1 < attempts) {
      throw new IllegalStateException(
          "trial "
              + trialId
              + " ran out of memory on attempt "
              + (attempt + 1)
              + " of "
              + attempts
              + ", retrying: "
              + r.error());
    }
    LOG.warn("trial {} ran out of memory on its last attempt: {}", trialId, r.error());
    return r.withError(
        r.error() + " (on each of " + attempts + " attempts; give executors more memory)");
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
    return r.withProvenance(Workers.provenance(settings.coresPerTrial(), wall));
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
