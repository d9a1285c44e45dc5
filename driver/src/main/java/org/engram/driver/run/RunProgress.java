package org.engram.driver.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.Success$;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Prints a run's progress as tasks finish (a task runs {@code run.trialsPerTask} trials): trials
 * done, failed, running, and an ETA from the throughput so far. Listens only to the stages of the
 * run's own job group. A failed task attempt (a lost executor) is printed as such; Spark retries
 * it.
 */
final class RunProgress extends SparkListener {
  static final String FAILED_ACCUMULATOR = "engram.failed";

  private final String jobGroup;
  private final int total;
  private final java.util.List<java.util.List<String>> tasks;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  private int running;
  private int done;
  private int failed;

  /**
   * @param tasks the trial ids of each task, by partition index
   */
  RunProgress(String jobGroup, java.util.List<java.util.List<String>> tasks, PrintStream out) {
    this.jobGroup = jobGroup;
    this.tasks = java.util.List.copyOf(tasks);
    this.total = tasks.stream().mapToInt(java.util.List::size).sum();
    this.out = out;
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
    if (taskEnd.reason() != Success$.MODULE$) {
      String why =
          taskEnd.reason() instanceof TaskFailedReason f
              ? f.toErrorString().lines().findFirst().orElse("")
              : taskEnd.reason().toString();
      out.printf(
          "  attempt %d of %s %s failed (Spark retries it up to spark.task.maxFailures): %s%n",
          taskEnd.taskInfo().attemptNumber(),
          trials.size() == 1 ? "trial" : "the task of trials",
          trials.isEmpty() ? "#" + taskEnd.taskInfo().index() : String.join(", ", trials),
          why);
      return;
    }
    done += trials.size();
    for (AccumulableInfo a : CollectionConverters.asJava(taskEnd.taskInfo().accumulables())) {
      if (a.name().isDefined()
          && FAILED_ACCUMULATOR.equals(a.name().get())
          && a.update().isDefined()) {
        failed += (int) ((Number) a.update().get()).longValue();
      }
    }
    out.println(line());
    notifyAll();
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
