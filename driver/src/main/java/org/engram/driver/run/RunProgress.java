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
 * Prints a run's progress as trials finish: done, failed, running, and an ETA from the throughput
 * so far. Listens only to the stages of the run's own job group. A failed task attempt (a lost
 * executor) is printed as such; Spark retries it.
 */
final class RunProgress extends SparkListener {
  static final String FAILED_ACCUMULATOR = "engram.failed";

  private final String jobGroup;
  private final int total;
  private final java.util.List<String> trialIds;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  private int running;
  private int done;
  private int failed;

  RunProgress(String jobGroup, java.util.List<String> trialIds, PrintStream out) {
    this.jobGroup = jobGroup;
    this.trialIds = java.util.List.copyOf(trialIds);
    this.total = trialIds.size();
    this.out = out;
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
      running++;
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (!stages.contains(taskEnd.stageId())) {
      return;
    }
    running = Math.max(0, running - 1);
    if (taskEnd.reason() != Success$.MODULE$) {
      String why =
          taskEnd.reason() instanceof TaskFailedReason f
              ? f.toErrorString().lines().findFirst().orElse("")
              : taskEnd.reason().toString();
      int index = taskEnd.taskInfo().index();
      out.printf(
          "  attempt %d of trial %s failed (Spark retries it up to spark.task.maxFailures): %s%n",
          taskEnd.taskInfo().attemptNumber(),
          index < trialIds.size() ? trialIds.get(index) : "#" + index,
          why);
      return;
    }
    done++;
    for (AccumulableInfo a : CollectionConverters.asJava(taskEnd.taskInfo().accumulables())) {
      if (a.name().isDefined()
          && FAILED_ACCUMULATOR.equals(a.name().get())
          && a.update().isDefined()
          && ((Number) a.update().get()).longValue() > 0) {
        failed++;
      }
    }
    out.println(line());
    notifyAll();
  }

  /**
   * Waits until the listener bus, which runs behind the job, has delivered {@code n} successful
   * task ends, so the last progress line comes before the run's summary.
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
