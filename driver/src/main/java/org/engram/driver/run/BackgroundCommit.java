package org.engram.driver.run;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One commit at a time on a thread of its own, so that a task's next trial starts while the last
 * one's rows are written (a commit is 5-25 ms of Parquet encoding and renames, 1-2% of a smoke
 * trial). The task waits for each commit before it starts the next, and for the last before it
 * reports: a task that Spark sees succeed has committed all its trials, as before.
 */
final class BackgroundCommit implements AutoCloseable {
  /** A commit, which may fail with an I/O error (Spark then retries the task). */
  @FunctionalInterface
  interface Commit<T> {
    T run() throws IOException;
  }

  private final String threadName;
  private ExecutorService thread;
  private Future<?> pending;

  /**
   * @param threadName the commit thread's name (it is started at the first commit)
   */
  BackgroundCommit(String threadName) {
    this.threadName = threadName;
  }

  /**
   * Starts a commit; the previous one must have been awaited.
   *
   * @throws IllegalStateException if a commit is still pending
   */
  <T> void start(Commit<T> commit) {
    if (pending != null) {
      throw new IllegalStateException("a commit is pending; await it first");
    }
    if (thread == null) {
      thread =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
              });
    }
    pending =
        thread.submit(
            () -> {
              try {
                return commit.run();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /**
   * Waits for the pending commit, if any, and returns what it returned.
   *
   * @throws IOException the commit's I/O failure
   * @throws InterruptedIOException if this thread is interrupted (Spark kills the task); the commit
   *     itself goes on, so a trial whose rows are being written is not left half-done
   */
  @SuppressWarnings("unchecked")
  <T> Optional<T> await() throws IOException {
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

  /** Lets the commit thread end once its work is done; it never cancels a commit. */
  @Override
  public void close() {
    if (thread != null) {
      thread.shutdown();
    }
  }
}
