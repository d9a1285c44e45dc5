package org.engram.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The threads that run the other ranges of a call split by rows or lanes ({@link
 * ParallelLaneKernel}, {@link VectorActivationRule}) while the caller runs the first: daemon
 * threads, shared by the trials of a JVM, each lent to one call at a time ({@link #inParallel}).
 *
 * <p>Why not an {@code ExecutorService}: a meta-update makes hundreds of such calls (four per
 * lifetime step), each a fraction of a millisecond of work, and a parked pool thread takes a futex
 * wake-up to start: on the 2-vCPU VM the caller spent 19% of a two-thread meta-update waiting for
 * the other range (async-profiler, wall clock), most of it that latency rather than more work. So a
 * helper, once it has run a range, watches for the next one for {@link #SPIN_NANOS} before it
 * parks; the caller watches for its end the same way. A trial of two cores owns both, so the
 * spinning takes nothing from another trial; a helper that sees no work parks, and costs nothing
 * between meta-updates. Where calls need more threads at once than the JVM has processors (more
 * cores per trial than the machine has), nobody spins: a spinning thread would hold the core that
 * the thread it waits for needs (20,000 calls of four threads on two cores took 79 s spinning), so
 * helpers and callers park and wake each other, as a pool's threads would.
 */
final class RangeHelpers {
  /** How long an idle helper watches for work before it parks; longer than a step's serial part. */
  static final long SPIN_NANOS = 2_000_000L;

  private static final ConcurrentLinkedDeque<Helper> IDLE = new ConcurrentLinkedDeque<>();
  private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();
  // The callers in a call and the helpers lent to them.
  private static final AtomicInteger IN_CALLS = new AtomicInteger();

  private RangeHelpers() {}

  /** {@code n} helpers for one call, the most recently used first (they are still spinning). */
  static List<Helper> lend(int n) {
    List<Helper> helpers = new ArrayList<>(n);
    try {
      for (int i = 0; i < n; i++) {
        Helper h = IDLE.pollFirst();
        helpers.add(h != null ? h : Helper.start());
      }
    } catch (RuntimeException | Error e) { // no thread to be had: keep the idle ones idle
      helpers.forEach(IDLE::addFirst);
      throw e;
    }
    IN_CALLS.addAndGet(n + 1);
    return helpers;
  }

  /** Takes back helpers that have ended their work ({@link Helper#awaitDone}). */
  static void giveBack(List<Helper> helpers) {
    for (int i = helpers.size() - 1; i >= 0; i--) {
      IDLE.addFirst(helpers.get(i));
    }
    IN_CALLS.addAndGet(-(helpers.size() + 1));
  }

  /**
   * Runs {@code body(0)} to {@code body(n - 1)} at once, the calling thread taking 0 and lent
   * helpers the others; their results, in order. The first failure (by index) is rethrown once all
   * have ended: no range may still touch the caller's arrays once the call has returned.
   */
  static <T> List<T> inParallel(int n, IntFunction<T> body) {
    if (n == 1) {
      return Collections.singletonList(body.apply(0));
    }
    Object[] results = new Object[n];
    Throwable[] failures = new Throwable[n];
    List<Helper> helpers = lend(n - 1);
    try {
      for (int i = 1; i < n; i++) {
        int range = i;
        helpers
            .get(i - 1)
            .hand(
                () -> {
                  try {
                    results[range] = body.apply(range);
                  } catch (Throwable t) {
                    failures[range] = t;
                  }
                });
      }
      try {
        results[0] = body.apply(0);
      } catch (RuntimeException | Error e) {
        failures[0] = e;
      }
    } finally {
      // Even after a failure (a step's work at most): no range may still touch the caller's arrays
      // once the call has returned. Waiting does not block on interrupts, so a cancelled Spark
      // task's interrupt stays set for it to see.
      for (Helper h : helpers) {
        h.awaitDone();
      }
      giveBack(helpers);
    }
    for (Throwable failure : failures) {
      if (failure instanceof RuntimeException re) {
        throw re;
      }
      if (failure instanceof Error err) {
        throw err;
      }
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
    }
    @SuppressWarnings("unchecked")
    List<T> byRange = (List<T>) Arrays.asList(results);
    return byRange;
  }

  /** Whether the threads in calls leave the processors to spin on. */
  private static boolean roomToSpin() {
    return IN_CALLS.get() <= PROCESSORS;
  }

  /** One helper thread and its hand-off slot. */
  static final class Helper implements Runnable {
    // Set by the caller, cleared by the helper once the work has ended: the volatile write and read
    // order the work's results before the caller reads them.
    private volatile Runnable work;
    private volatile boolean parked;
    private volatile Thread waiter; // a caller parked in awaitDone
    private Thread thread;

    private static Helper start() {
      Helper h = new Helper();
      Thread t = new Thread(h, "engram-lane-kernel");
      t.setDaemon(true);
      h.thread = t;
      t.start();
      return h;
    }

    /** Hands over {@code w}, which must not throw; wakes the helper if it has parked. */
    void hand(Runnable w) {
      if (work != null) {
        throw new IllegalStateException("helper still busy");
      }
      work = w;
      // Either the helper sees the work before it parks, or it has set parked and we unpark it
      // (an unpark before its park makes that park return at once).
      if (parked) {
        LockSupport.unpark(thread);
      }
    }

    /** Whether the helper has parked, for lack of work (tests). */
    boolean isParked() {
      return parked;
    }

    /**
     * Waits until the handed-over work has ended: spinning while there is room, then parked until
     * the helper wakes it. Not interruptible: a caller's interrupt stays set for it to see.
     */
    void awaitDone() {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (work != null) {
        if (System.nanoTime() < spinUntil && roomToSpin()) {
          Thread.onSpinWait();
          continue;
        }
        // As in nextWork: either the helper sees the waiter once it has cleared the work, or we see
        // the work cleared before parking.
        waiter = Thread.currentThread();
        if (work != null) {
          LockSupport.park(this);
        }
        waiter = null;
      }
    }

    @Override
    public void run() {
      while (true) {
        Runnable w = nextWork();
        try {
          w.run();
        } catch (Throwable t) {
          // inParallel's work records its own failures; the helper must outlive anything.
        } finally {
          work = null;
          Thread caller = waiter;
          if (caller != null) {
            LockSupport.unpark(caller);
          }
        }
      }
    }

    private Runnable nextWork() {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (true) {
        Runnable w = work;
        if (w != null) {
          return w;
        }
        if (System.nanoTime() < spinUntil && roomToSpin()) {
          Thread.onSpinWait();
          continue;
        }
        parked = true;
        if (work == null) {
          LockSupport.park(this);
        }
        parked = false;
        spinUntil = System.nanoTime() + SPIN_NANOS;
      }
    }
  }
}
