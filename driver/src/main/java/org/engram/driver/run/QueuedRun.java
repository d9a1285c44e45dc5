package org.engram.driver.run;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver side of {@code run.scheduling = queue}: a {@link TrialQueue} served to the executors
 * ({@link TrialQueuePlugin}) and a worker per slot, each a one-task Spark job ({@link TrialWorker})
 * submitted from a driver thread of its own, so that Spark retries each worker on its own and a
 * worker that ends does not wait for the others. Executors that register during the run add workers
 * for their slots.
 *
 * <p>A worker's job ends when the queue has nothing left to lease. One that fails (Spark's attempts
 * at it all failed) gives its leases back; its thread submits it again if it committed a trial or
 * used up one of a trial's attempts since it was last submitted (so a long run is not failed by
 * failures spread over hours, and every resubmission brings the run closer to its end), and
 * otherwise fails the run, as a task failing {@code spark.task.maxFailures} times does. So does a
 * trial given back after its last attempt.
 */
final class QueuedRun {
  private static final Logger LOG = LoggerFactory.getLogger(QueuedRun.class);

  private final SparkSession spark;
  private final RunSettings settings;
  private final RunOptions opts;
  private final String runId;
  private final List<TrialJob> jobs;
  private final Configuration hadoop;
  private final int attempts;

  QueuedRun(
      SparkSession spark,
      RunSettings settings,
      RunOptions opts,
      String runId,
      List<TrialJob> jobs,
      Configuration hadoop,
      int attempts) {
    this.spark = spark;
    this.settings = settings;
    this.opts = opts;
    this.runId = runId;
    this.jobs = jobs;
    this.hadoop = hadoop;
    this.attempts = attempts;
  }

  /** Runs the trials; their outcomes, in the order they were committed. */
  List<TrialOutcome> run() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers = workersWanted();
    opts.out()
        .printf(
            "run.scheduling = queue: %d worker%s leasing %d trials%n",
            workers, workers == 1 ? "" : "s", jobs.size());
    // Progress comes from the queue, trial by trial; the listener prints failed worker attempts.
    RunProgress progress = new RunProgress(runId, List.of(), jobs.size(), opts.out());
    TrialQueue queue = new TrialQueue(jobs, attempts, workers, progress::committed);
    Broadcast<SerializableConf> conf = HadoopConfBroadcast.of(jsc, hadoop);
    TrialTask task = new TrialTask(runId, opts.output(), settings, conf, null, null, attempts);
    TrialWorker worker = new TrialWorker(runId, task);
    ExecutorService threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "engram-worker-driver");
              t.setDaemon(true);
              return t;
            });
    ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(threads);
    AtomicInteger submitted = new AtomicInteger();
    Runnable addWorkers =
        () -> {
          synchronized (submitted) {
            int want = workersWanted();
            queue.workers(Math.max(want, submitted.get()));
            while (submitted.get() < want && queue.hasPending()) {
              int index = submitted.getAndIncrement();
              done.submit(
                  () -> {
                    drive(jsc, worker, queue, index);
                    return null;
                  });
            }
          }
        };
    // Executors that register during the run get workers of their own (slowly starting
    // clusters, dynamic allocation).
    SparkListener newExecutors =
        new SparkListener() {
          @Override
          public void onExecutorAdded(SparkListenerExecutorAdded added) {
            addWorkers.run();
          }
        };
    try (AutoCloseable served = TrialQueuePlugin.serve(runId, queue)) {
      spark.sparkContext().addSparkListener(progress);
      spark.sparkContext().addSparkListener(newExecutors);
      addWorkers.run();
      for (int ended = 0; ended < submitted.get(); ended++) {
        try {
          done.take().get();
        } catch (ExecutionException e) {
          // The run fails: stop the other workers now, as a failed job's stage stops its tasks.
          jsc.cancelJobGroup(runId);
          throw sneaky(e.getCause());
        }
      }
      if (!queue.finished()) {
        throw new IllegalStateException(
            "run " + runId + ": the workers ended with trials left in the queue (a bug)");
      }
      return queue.outcomes();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      jsc.cancelJobGroup(runId);
      throw new IllegalStateException("run " + runId + " interrupted", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw sneaky(e);
    } finally {
      spark.sparkContext().removeSparkListener(newExecutors);
      spark.sparkContext().removeSparkListener(progress);
      threads.shutdownNow();
    }
  }

  /**
   * A worker per slot Spark has or is configured to get ({@link RunDriver#slots}), no more than
   * trials, nor than the options' {@link RunOptions#maxWorkers}.
   */
  private int workersWanted() {
    int slots = RunDriver.slots(spark, settings.coresPerTrial());
    if (opts.maxWorkers() != RunOptions.ALL_SLOTS) {
      slots = Math.min(slots, opts.maxWorkers());
    }
    return Math.max(1, Math.min(jobs.size(), slots));
  }

  /** One worker's thread: submits its job until the queue has nothing left for it. */
  private void drive(JavaSparkContext jsc, TrialWorker worker, TrialQueue queue, int index)
      throws Exception {
    jsc.setJobGroup(
        runId,
        "engram " + settings.name() + ": worker " + index + " of " + jobs.size() + " trials",
        true);
    while (queue.hasPending()) {
      int before = queue.progressBy(index);
      try {
        jsc.parallelize(List.of(index), 1).mapPartitions(worker).collect();
      } catch (Exception e) {
        queue.giveBack(index);
        if (queue.exhausted() != null || queue.progressBy(index) == before) {
          throw e;
        }
        LOG.warn(
            "worker {} of run {} failed after committing or trying {} trials; submitting it"
                + " again: {}",
            index,
            runId,
            queue.progressBy(index) - before,
            e.toString());
        continue;
      }
      queue.giveBack(index); // nothing, unless a trial was leased after its worker stopped asking
    }
    if (queue.exhausted() != null) {
      throw new IllegalStateException("run " + runId + ": " + queue.exhausted());
    }
  }

  /** Rethrows any throwable unchanged (a failed job's SparkException is checked in Java's eyes). */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
