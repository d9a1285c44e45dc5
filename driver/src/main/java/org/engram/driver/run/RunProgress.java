package org.engram.driver.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.Success$;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Prints a run's progress: trials done, failed, running, and an ETA from the throughput so far.
 * Listens only to the stages of the run's own job group. A task of several trials counts its
 * finished trials before it ends, from the accumulators its executor's heartbeats carry ({@code
 * spark.executor.heartbeatInterval}, 10 s by default); its end makes them final. A failed task
 * attempt (a lost executor) is printed as such; Spark retries it.
 */
final class RunProgress extends SparkListener {
  static final String DONE_ACCUMULATOR = "engram.done";
  static final String FAILED_ACCUMULATOR = "engram.failed";

  private final String jobGroup;
  private final int total;
  private final java.util.List<java.util.List<String>> tasks;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();

  /** Trials done and failed so far by each running task, from heartbeats. */
  private final Map<Long, long[]> inFlight = new HashMap<>();

  /** Tasks that ended: a heartbeat sent before a task's end may arrive after it. */
  private final Set<Long> ended = new HashSet<>();

  private int running;
  private int done;
  private int failed;

  /**
   * @param tasks the trial ids of each task, by partition index
   */
  RunProgress(String jobGroup, java.util.List<java.util.List<String>> tasks, PrintStream out) {
    this(jobGroup, tasks, tasks.stream().mapToInt(java.util.List::size).sum(), out);
  }

  /**
   * @param tasks the trial ids of each task, by partition index; empty where trials are counted one
   *     by one ({@link #committed}) instead of by task
   * @param total the trials of the run
   */
  RunProgress(
      String jobGroup, java.util.List<java.util.List<String>> tasks, int total, PrintStream out) {
    this.jobGroup = jobGroup;
    this.tasks = java.util.List.copyOf(tasks);
    this.total = total;
    this.out = out;
  }

  /** Counts a trial committed, as a {@link TrialQueue} learns of it, and prints the progress. */
  synchronized void committed(TrialOutcome outcome) {
    done++;
    if (outcome.status().equals(org.engram.result.TrialStatus.FAILED.name())) {
      failed++;
    }
    out.println(line());
    notifyAll();
  }

  /** The trials of the task at partition index, or an empty list for a task of another job. */
  private java.util.List<String> trialsOf(int index) {
    return index >= 0 && index < tasks.size() ? tasks.get(index) : java.util.List.of();
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    if (jobStart.properties() != null
        && jobGroup.equals(jobStart.properties().getProperty("spark.jobGroup.id"))) {
      Set<Integer> ids = new HashSet<>();
      for (Object id : CollectionConverters.asJava(jobStart.stageIds())) {
        ids.add((Integer) id);
      }
      stages.addAll(ids);
    }
  }

  @Override
  public synchronized void onTaskStart(SparkListenerTaskStart taskStart) {
    if (stages.contains(taskStart.stageId())) {
      running++; // a task runs its trials one at a time
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (!stages.contains(taskEnd.stageId())) {
      return;
    }
    java.util.List<String> trials = trialsOf(taskEnd.taskInfo().index());
    running = Math.max(0, running - 1);
    inFlight.remove(taskEnd.taskInfo().taskId());
    ended.add(taskEnd.taskInfo().taskId());
    if (taskEnd.reason() != Success$.MODULE$) {
      String why =
          taskEnd.reason() instanceof TaskFailedReason f
              ? f.toErrorString().lines().findFirst().orElse("")
              : taskEnd.reason().toString();
      if (tasks.isEmpty()) { // a queue's worker (see TrialQueue)
        out.printf(
            "  attempt %d of a worker failed (its trials go back to the queue; Spark retries it up"
                + " to spark.task.maxFailures): %s%n",
            taskEnd.taskInfo().attemptNumber(), why);
        return;
      }
      out.printf(
          "  attempt %d of %s %s failed (Spark retries it up to spark.task.maxFailures): %s%n",
          taskEnd.taskInfo().attemptNumber(),
          trials.size() == 1 ? "trial" : "the task of trials",
          trials.isEmpty() ? "#" + taskEnd.taskInfo().index() : String.join(", ", trials),
          why);
      return;
    }
    done += trials.size();
    failed += (int) value(taskEnd.taskInfo().accumulables(), FAILED_ACCUMULATOR);
    out.println(line());
    notifyAll();
  }

  @Override
  public synchronized void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    boolean changed = false;
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task :
        CollectionConverters.asJava(update.accumUpdates())) {
      long taskId = (Long) task._1();
      if (!stages.contains((Integer) task._2()) || ended.contains(taskId)) {
        continue;
      }
      long[] now = {value(task._4(), DONE_ACCUMULATOR), value(task._4(), FAILED_ACCUMULATOR)};
      long[] before = inFlight.put(taskId, now);
      changed |= before == null ? now[0] > 0 : !Arrays.equals(before, now);
    }
    if (changed) {
      out.println(line());
    }
  }

  /** The value of the named accumulator among a task's, or 0. */
  private static long value(scala.collection.Iterable<AccumulableInfo> infos, String name) {
    for (AccumulableInfo a : CollectionConverters.asJava(infos)) {
      if (a.name().isDefined() && name.equals(a.name().get()) && a.update().isDefined()) {
        return ((Number) a.update().get()).longValue();
      }
    }
    return 0;
  }

  /**
   * Waits until the listener bus, which runs behind the job, has delivered the successful task ends
   * of {@code n} trials, so the last progress line comes before the run's summary.
   */
  synchronized void awaitDone(int n, long timeoutMillis) {
    long end = System.currentTimeMillis() + timeoutMillis;
    while (done < n && System.currentTimeMillis() < end) {
      try {
        wait(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  synchronized String line() {
    long done = this.done + inFlight.values().stream().mapToLong(v -> v[0]).sum();
    long failed = this.failed + inFlight.values().stream().mapToLong(v -> v[1]).sum();
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    String eta =
        done == 0 ? "?" : format(Duration.ofSeconds(Math.round(elapsed / done * (total - done))));
    return String.format(
        "  %d/%d trials done (%d failed), %d running, elapsed %s, ETA %s",
        done, total, failed, running, format(Duration.ofSeconds(Math.round(elapsed))), eta);
  }

  private static String format(Duration d) {
    long s = d.getSeconds();
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format("%dm%02ds", s / 60, s % 60);
  }
}
