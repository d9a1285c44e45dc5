package org.engram.driver.run;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One commit at a time on a thread of its own, so that a task's next trial runs while the last
 * one's rows are written (a commit is 3-25 ms of Parquet encoding and renames, 1-6% of a smoke
 * trial). The task waits for each commit before it starts the next, and for the last before it
 * reports: a task that Spark sees succeed has committed all its trials, as before.
 *
 * <p>A commit can be held ({@link #hold}) and started once the next trial has started ({@link
 * #startHeld}). On an executor of one core the commit's CPU is then taken from that trial, not put
 * between the two: started at once, the woken commit thread took the core from the next trial's
 * set-up, and the gap between trials (which bench-spark measures) held most of the commit, whose
 * CPU bench-spark counts again as "commits beside the next trial". The total is the same; held,
 * each millisecond is counted once.
 *
 * <p>The threads are a JVM-wide pool per name, kept a minute after their last commit, so a task
 * starts no thread of its own and the commits' CPU can be told apart by thread name (bench-spark
 * reports it: on an executor of one core it is taken from the next trial).
 */
final class BackgroundCommit {
  private static final Map<String, ExecutorService> POOLS = new ConcurrentHashMap<>();

  /** A commit, which may fail with an I/O error (Spark then retries the task). */
  @FunctionalInterface
  interface Commit<T> {
    T run() throws IOException;
  }

  private final ExecutorService threads;
  private Future<?> pending;
  private Commit<?> held;

  /**
   * @param threadName the commit threads' name (they are started at the first commit)
   */
  BackgroundCommit(String threadName) {
    this.threads = POOLS.computeIfAbsent(threadName, BackgroundCommit::daemonPool);
  }

  /** Daemon threads, so that a stuck commit cannot keep a JVM alive. */
  private static ExecutorService daemonPool(String threadName) {
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, threadName);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Starts a commit; the previous one must have been awaited.
   *
   * @throws IllegalStateException if a commit is still pending or held
   */
  <T> void start(Commit<T> commit) {
    if (pending != null || held != null) {
      throw new IllegalStateException("a commit is pending or held; await it first");
    }
    pending =
        threads.submit(
            () -> {
              try {
                return commit.run();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /**
   * Holds a commit for {@link #startHeld}; the previous one must have been awaited.
   *
   * @throws IllegalStateException if a commit is still pending or held
   */
  <T> void hold(Commit<T> commit) {
    if (pending != null || held != null) {
      throw new IllegalStateException("a commit is pending or held; await it first");
    }
    held = commit;
  }

  /** Starts the held commit, if there is one; a no-op otherwise, so it may be called twice. */
  void startHeld() {
    if (held != null) {
      Commit<?> commit = held;
      held = null;
      start(commit);
    }
  }

  /**
   * Waits for the pending commit, if any, and returns what it returned; a held commit is started
   * first, so none is dropped.
   *
   * @throws IOException the commit's I/O failure
   * @throws InterruptedIOException if this thread is interrupted (Spark kills the task); the commit
   *     itself goes on, so a trial whose rows are being written is not left half-done
   */
  @SuppressWarnings("unchecked")
  <T> Optional<T> await() throws IOException {
    startHeld();
    if (pending == null) {
      return Optional.empty();
    }
    try {
      T value = (T) pending.get();
      pending = null;
      return Optional.of(value);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while a trial's commit was being written");
    } catch (ExecutionException e) {
      pending = null;
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }
}
