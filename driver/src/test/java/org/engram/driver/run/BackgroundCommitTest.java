package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A task's commits on a thread of their own, overlapping its next trial. */
class BackgroundCommitTest {
  /** Waits up to 10 s (a commit may throw only I/O errors). */
  private static boolean waitFor(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCommitRunsOnItsOwnThreadWhileTheCallerGoesOn() throws Exception {
    CountDownLatch callerWentOn = new CountDownLatch(1);
    AtomicReference<Thread> committer = new AtomicReference<>();
    try (BackgroundCommit commits = new BackgroundCommit("test-commit")) {
      commits.start(
          () -> {
            committer.set(Thread.currentThread());
            // Returns only once the caller has gone on: a commit on the caller's thread would hang.
            assertTrue(waitFor(callerWentOn), "the caller went on");
            return "rows of trial 1";
          });
      callerWentOn.countDown(); // "the next trial runs"
      assertEquals(Optional.of("rows of trial 1"), commits.await());
      assertNotEquals(Thread.currentThread(), committer.get());
      assertEquals("test-commit", committer.get().getName());
      assertTrue(committer.get().isDaemon(), "a stuck commit must not keep the JVM alive");
      assertEquals(Optional.empty(), commits.await(), "nothing pending after an await");
    }
  }

  @Test
  void aCommitsIoFailureReachesTheTaskAsItself() {
    IOException disk = new IOException("injected: no space left on device");
    try (BackgroundCommit commits = new BackgroundCommit("test-commit")) {
      commits.start(
          () -> {
            throw disk;
          });
      IOException e = assertThrows(IOException.class, commits::await);
      assertSame(disk, e, "the task fails with the commit's own error, so Spark retries it");
    }
  }

  @Test
  void aSecondCommitBeforeTheFirstIsAwaitedIsRefused() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (BackgroundCommit commits = new BackgroundCommit("test-commit")) {
      commits.start(() -> waitFor(release));
      assertThrows(IllegalStateException.class, () -> commits.start(() -> true));
      release.countDown();
      assertEquals(Optional.of(true), commits.await());
      commits.start(() -> 2);
      assertEquals(Optional.of(2), commits.await());
    }
  }

  @Test
  void closingLetsAPendingCommitFinish() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    BackgroundCommit commits = new BackgroundCommit("test-commit");
    commits.start(
        () -> {
          started.countDown();
          if (waitFor(release)) { // an interrupt (a cancelled commit) would throw here
            finished.countDown();
          }
          return null;
        });
    assertTrue(started.await(10, TimeUnit.SECONDS));
    commits.close(); // as when the task fails on its own thread: the commit is not cancelled
    release.countDown();
    assertTrue(finished.await(10, TimeUnit.SECONDS), "the commit ran to its end");
  }
}
