package org.engram.driver.run;

import java.io.Serializable;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a run executes; none of it enters a trial's id, so a grid means the same on a laptop and on a
 * cluster.
 *
 * @param name the run's name, shown in the Spark UI and the manifest
 * @param coresPerTrial cores one trial uses: {@code spark.task.cpus} and its BLAS/OpenMP threads
 * @param maxFailures attempts of a trial's task before the run fails ({@code
 *     spark.task.maxFailures}); only infrastructure failures are retried
 * @param scheduling how trials reach executors: {@link Scheduling#QUEUE}, a worker task per slot
 *     leasing trials from the driver, or {@link Scheduling#TASKS}, tasks of trials
 * @param trialsPerTask with {@link Scheduling#TASKS}, trials one Spark task runs in turn, or {@link
 *     #AUTO}: tasks of up to {@code maxTrialsPerTask} trials that shrink to one toward the grid's
 *     end (see {@link TrialBatch#guided}). 1 lets Spark balance trials one by one; more spreads a
 *     task boundary's cost (the last commit, a round trip to the driver and a deserialisation, some
 *     50 ms on a busy 2-vCPU machine) over several trials
 * @param maxTrialsPerTask the largest task {@link #AUTO} makes
 * @param checkpoints whether trials checkpoint to {@code <output>/checkpoints/}
 * @param minCheckpointSeconds the fewest seconds of a trial's work between its checkpoints, and
 *     before its first (see {@link org.engram.train.CheckpointStore#minSecondsBetweenSaves})
 * @param runner the {@link TrialExecutor} class that runs a trial on an executor (a test hook; the
 *     default runs {@link org.engram.train.TrialRunner})
 * @param spark Spark settings passed as they are (the config's {@code spark.*} keys)
 */
public record RunSettings(
    String name,
    int coresPerTrial,
    int maxFailures,
    Scheduling scheduling,
    int trialsPerTask,
    int maxTrialsPerTask,
    boolean checkpoints,
    double minCheckpointSeconds,
    String runner,
    Map<String, String> spark)
    implements Serializable {

  /** How a run's trials reach its executors ({@code run.scheduling}). */
  public enum Scheduling {
    /**
     * A worker task per slot leases trials from a queue on the driver ({@link TrialQueue}), so a
     * slot goes from trial to trial without Spark task boundaries. Needs {@link TrialQueuePlugin}
     * in the session; without it a run falls back to {@link #TASKS}.
     */
    QUEUE,
    /** Spark tasks of {@code run.trialsPerTask} trials (see {@link TrialBatch}). */
    TASKS
  }

  /** {@code run.minCheckpointSeconds}'s default, as in {@code reference.conf}. */
  public static final double DEFAULT_MIN_CHECKPOINT_SECONDS = 10;

  /** {@code run.trialsPerTask = auto}. */
  public static final int AUTO = 0;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public RunSettings {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "run.name must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    if (coresPerTrial < 1) {
      throw new IllegalArgumentException("run.coresPerTrial must be >= 1, got " + coresPerTrial);
    }
    if (maxFailures < 1) {
      throw new IllegalArgumentException("run.maxFailures must be >= 1, got " + maxFailures);
    }
    if (scheduling == null) {
      throw new IllegalArgumentException("run.scheduling must be queue or tasks, got null");
    }
    if (scheduling == Scheduling.QUEUE && trialsPerTask != AUTO) {
      throw new IllegalArgumentException(
          "run.trialsPerTask = "
              + trialsPerTask
              + " applies only to run.scheduling = tasks; set run.scheduling = tasks, or leave"
              + " run.trialsPerTask at auto (the queue has no tasks of trials)");
    }
    if (trialsPerTask < AUTO) {
      throw new IllegalArgumentException(
          "run.trialsPerTask must be 'auto' or >= 1, got " + trialsPerTask);
    }
    if (maxTrialsPerTask < 1) {
      throw new IllegalArgumentException(
          "run.maxTrialsPerTask must be >= 1, got " + maxTrialsPerTask);
    }
    if (!(minCheckpointSeconds >= 0) || Double.isInfinite(minCheckpointSeconds)) {
      throw new IllegalArgumentException(
          "run.minCheckpointSeconds must be a finite number >= 0, got " + minCheckpointSeconds);
    }
    if (runner == null || runner.isBlank()) {
      throw new IllegalArgumentException("run.runner must name a class, got '" + runner + "'");
    }
    spark = Map.copyOf(spark);
  }

  /**
   * Defaults: name {@code engram}, one core per trial, 4 attempts, the queue (or, where it falls
   * back to tasks, guided tasks of up to 8 trials), checkpoints at least 10 seconds apart.
   */
  public static RunSettings defaults() {
    return new RunSettings(
        "engram",
        1,
        4,
        Scheduling.QUEUE,
        AUTO,
        8,
        true,
        DEFAULT_MIN_CHECKPOINT_SECONDS,
        DefaultTrialExecutor.class.getName(),
        Map.of());
  }

  /** A copy with another runner class. */
  public RunSettings withRunner(String className) {
    return new RunSettings(
        name,
        coresPerTrial,
        maxFailures,
        scheduling,
        trialsPerTask,
        maxTrialsPerTask,
        checkpoints,
        minCheckpointSeconds,
        className,
        spark);
  }
}
