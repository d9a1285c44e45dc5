package org.engram.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that run the other ranges of a {@link ParallelLaneKernel} call while the caller runs
 * the first: daemon threads, shared by the trials of a JVM, each lent to one call at a time.
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
          // ParallelLaneKernel's work records its own failures; the helper must outlive anything.
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
