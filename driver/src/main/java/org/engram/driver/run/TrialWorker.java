package org.engram.driver.run;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * A slot's worker ({@code run.scheduling = queue}): one Spark task that leases trials from the
 * run's {@link TrialQueue} on the driver and runs them in turn until the queue has none left.
 *
 * <p>The next trial's lease is asked for beside the current trial, on the commit thread, right
 * after the last trial's commit (which it reports), so that the slot goes from one trial to the
 * next with only the set-up between them: no Spark task boundary, and no round trip to the driver
 * on the trial's critical path. A worker thus holds at most two leases, the trial it runs and the
 * next one; the grid's last trials are not leased ahead (the queue says {@code later}), so that
 * they go to whichever worker is free first.
 *
 * <p>Failures are a {@link TrialTask}'s: a trial's deterministic failure is a FAILED row, an I/O
 * failure or an out-of-memory with attempts left fails the worker's task, and Spark retries it; the
 * retry's first request gives the failed attempt's leases back to the queue (see {@link
 * TrialQueue}).
 */
final class TrialWorker implements FlatMapFunction<Iterator<Integer>, TrialOutcome> {
  private static final long serialVersionUID = 1L;

  private final String runId;
  private final TrialTask task;

  TrialWorker(String runId, TrialTask task) {
    this.runId = runId;
    this.task = task;
  }

  /** Runs trials while the queue leases them; the outcomes go to the queue, not in the result. */
  @Override
  public Iterator<TrialOutcome> call(Iterator<Integer> workerIndex) throws Exception {
    int worker = workerIndex.next();
    int attempt = TrialTask.taskAttempt();
    TrialTask.Output output = task.openOutput();
    BackgroundCommit background = new BackgroundCommit("engram-commit");
    AtomicBoolean failing = new AtomicBoolean();
    TrialQueue.Lease lease = ask(worker, attempt, null, List.of(), true, false);
    TrialTask.Ran uncommitted = null; // the last trial, if its commit has not started
    boolean completed = false;
    try {
      while (lease.job() != null) {
        String current = lease.job().trialId();
        TrialTask.Ran previous = uncommitted;
        // Beside this trial: the last one's commit, then the lease of the next one.
        background.hold(
            () -> {
              List<TrialOutcome> done = previous == null ? List.of() : List.of(previous.commit());
              return ask(worker, attempt, current, done, !failing.get(), true);
            });
        uncommitted = null;
        TrialTask.Ran ran = task.run(lease.job(), output, background::startHeld, lease.attempt());
        // Started here if the trial did not start (it was found committed).
        lease = background.<TrialQueue.Lease>await().orElseThrow();
        uncommitted = ran;
        if (lease.later()) {
          lease = ask(worker, attempt, null, List.of(ran.commit()), true, false);
          uncommitted = null;
        }
      }
      if (uncommitted != null) {
        ask(worker, attempt, null, List.of(uncommitted.commit()), false, false);
      }
      completed = true;
    } finally {
      if (!completed) {
        failing.set(true);
        awaitQuietly(background); // commits and reports a finished trial, so it is not redone
      }
    }
    return Collections.emptyIterator();
  }

  /**
   * Tells the run's queue that {@code started} has started (if not null) and which trials were
   * committed and, if {@code next}, leases the next trial ({@code ahead}: beside the current one).
   */
  private TrialQueue.Lease ask(
      int worker,
      int attempt,
      String started,
      List<TrialOutcome> committed,
      boolean next,
      boolean ahead)
      throws IOException {
    try {
      return TrialQueuePlugin.ask(
          new TrialQueue.Request(runId, worker, attempt, started, committed, next, ahead));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while asking the driver for a trial");
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("could not reach the run's trial queue on the driver: " + e, e);
    }
  }

  private static void awaitQuietly(BackgroundCommit background) {
    try {
      background.await();
    } catch (IOException | RuntimeException e) {
      // The worker is failing already and Spark retries it; the retry redoes this trial.
    }
  }
}
