package org.engram.driver.run;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The driver's queue of a run's trials ({@code run.scheduling = queue}): a worker task per slot
 * leases trials from it one at a time, over Spark's RPC ({@link TrialQueuePlugin}), and reports
 * each once it is committed. A slot goes from one trial to the next without a Spark task boundary
 * (a result's and a launch's trip through the driver and a deserialisation, 30-60 ms on the 2-vCPU
 * VMs, a tenth of a smoke-sized trial).
 *
 * <p>A lease belongs to a worker's attempt. When Spark retries a worker (its executor was lost, or
 * it failed), the retry's first request gives back the leases of the worker's earlier attempts,
 * which go to the head of the queue; so does the driver when a worker's job fails. A trial's lease
 * count, less the leases given back before the trial started (a worker asks for its next trial
 * ahead, as the current one starts, and says which trial that is), is its attempt: the last of
 * {@code attempts} commits an out-of-memory trial as FAILED (see {@link TrialTask}), and a trial
 * given back after its last attempt fails the run, as a task failing {@code spark.task.maxFailures}
 * times does.
 *
 * <p>Thread-safe: Spark's RPC threads and the driver's worker threads call it.
 */
final class TrialQueue {

  /**
   * A worker's request: the trial whose start sent it (null if none), what it committed since the
   * last one, whether it wants a trial, and whether it asks ahead (beside a trial it runs).
   */
  record Request(
      String runId,
      int worker,
      int attempt,
      String started,
      List<TrialOutcome> committed,
      boolean next,
      boolean ahead)
      implements Serializable {}

  /**
   * The queue's reply: the next trial and its attempt (0 first); or none, and the worker stops; or
   * none yet ({@code later}): ask again once the current trial has ended.
   */
  record Lease(TrialJob job, int attempt, boolean later) implements Serializable {
    /** No trial: the queue is empty or the run is failing. */
    static final Lease NONE = new Lease(null, 0, false);

    /** No trial ahead of time: the last ones go to whichever worker is free first. */
    static final Lease LATER = new Lease(null, 0, true);
  }

  /** Who holds a leased trial. */
  private record Holder(int worker, int attempt) {}

  private final Deque<TrialJob> pending;
  private final Map<String, TrialJob> jobsById = new HashMap<>();
  private final Map<String, Holder> leased = new HashMap<>();
  private final Set<String> started = new HashSet<>();
  private final Map<String, Integer> leases = new HashMap<>();
  private final Map<Integer, Integer> committedBy = new HashMap<>();
  private final Map<Integer, Integer> tried = new HashMap<>();
  private final Map<String, TrialOutcome> outcomes = new LinkedHashMap<>();
  private final int attempts;
  private int workers;
  private final Consumer<TrialOutcome> onCommitted;
  private String exhausted;

  /**
   * @param jobs the trials, leased in this order
   * @param attempts the attempts a trial gets ({@link RunDriver#attempts})
   * @param workers the workers leasing: the last {@code workers} trials are not leased ahead
   * @param onCommitted told of each trial's outcome once, as it is reported (the progress)
   */
  TrialQueue(List<TrialJob> jobs, int attempts, int workers, Consumer<TrialOutcome> onCommitted) {
    if (attempts < 1 || workers < 1) {
      throw new IllegalArgumentException(
          "attempts and workers must be >= 1, got " + attempts + " and " + workers);
    }
    this.workers = workers;
    this.pending = new ArrayDeque<>(jobs);
    for (TrialJob j : jobs) {
      jobsById.put(j.trialId(), j);
    }
    this.attempts = attempts;
    this.onCommitted = onCommitted;
  }

  /** Records a worker's committed trials and, if it asks, leases it the next trial. */
  synchronized Lease handle(Request r) {
    giveBackEarlierAttempts(r.worker(), r.attempt());
    if (r.started() != null && leased.containsKey(r.started())) {
      started.add(r.started());
    }
    for (TrialOutcome o : r.committed()) {
      leased.remove(o.trialId());
      started.remove(o.trialId());
      committedBy.merge(r.worker(), 1, Integer::sum);
      if (outcomes.putIfAbsent(o.trialId(), o) == null) {
        onCommitted.accept(o);
      }
    }
    if (!r.next() || exhausted != null) {
      return Lease.NONE;
    }
    if (r.ahead() && !pending.isEmpty() && pending.size() <= workers) {
      // Leased ahead, the last trials would wait for their workers while others stand idle.
      return Lease.LATER;
    }
    TrialJob job = pending.pollFirst();
    if (job == null) {
      return Lease.NONE;
    }
    int attempt = leases.merge(job.trialId(), 1, Integer::sum) - 1;
    leased.put(job.trialId(), new Holder(r.worker(), r.attempt()));
    return new Lease(job, attempt, false);
  }

  /** A retried worker's leases from its earlier attempts go back to the queue. */
  private void giveBackEarlierAttempts(int worker, int attempt) {
    giveBack(h -> h.worker() == worker && h.attempt() < attempt);
  }

  /**
   * Gives back every lease of {@code worker} (its job failed or ended): to the head of the queue,
   * or, for a trial that has had all its attempts, to no one: the run then fails ({@link
   * #exhausted}).
   */
  synchronized void giveBack(int worker) {
    giveBack(h -> h.worker() == worker);
  }

  private void giveBack(Predicate<Holder> whose) {
    Map<String, Integer> back = new HashMap<>();
    for (Iterator<Map.Entry<String, Holder>> it = leased.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Holder> e = it.next();
      if (whose.test(e.getValue())) {
        back.put(e.getKey(), e.getValue().worker());
        it.remove();
      }
    }
    // To the head in grid order, the started ones first: the next worker resumes where this one
    // was (from its checkpoint), before the trial that was only leased ahead.
    List<String> order = new ArrayList<>(back.keySet());
    order.sort(
        Comparator.comparing((String id) -> !started.contains(id))
            .thenComparingInt(id -> jobsById.get(id).index()));
    Collections.reverse(order);
    for (String trialId : order) {
      if (started.remove(trialId)) {
        tried.merge(back.get(trialId), 1, Integer::sum);
      } else {
        leases.merge(trialId, -1, Integer::sum); // leased ahead and never started: no attempt
      }
      if (leases.getOrDefault(trialId, 0) >= attempts) {
        exhausted =
            exhausted != null
                ? exhausted
                : "trial " + trialId + " did not finish in any of its " + attempts + " attempts";
      } else {
        pending.addFirst(jobsById.get(trialId));
      }
    }
  }

  /**
   * The workers leasing now (more as executors register): the last this many are not leased ahead.
   */
  synchronized void workers(int workers) {
    this.workers = Math.max(1, workers);
  }

  /** Whether trials are still waiting for a worker. */
  synchronized boolean hasPending() {
    return !pending.isEmpty() && exhausted == null;
  }

  /** Whether every trial has been reported committed. */
  synchronized boolean finished() {
    return pending.isEmpty() && leased.isEmpty();
  }

  /** Why the run must fail: a trial given back after its last attempt; null while none was. */
  synchronized String exhausted() {
    return exhausted;
  }

  /**
   * What {@code worker} (any of its jobs and attempts) has done so far: the trials it reported
   * committed and the attempts it used up (trials it started and gave back). A failed worker is
   * submitted again only if this grew: each attempt it uses brings a trial closer to its last.
   */
  synchronized int progressBy(int worker) {
    return committedBy.getOrDefault(worker, 0) + tried.getOrDefault(worker, 0);
  }

  /** Trials leased and not yet reported. */
  synchronized int running() {
    return leased.size();
  }

  /** The outcomes reported so far, in the order they were reported. */
  synchronized List<TrialOutcome> outcomes() {
    return List.copyOf(outcomes.values());
  }
}
