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
    BackgroundCommit commits = new BackgroundCommit("test-commit");
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

  @Test
  void aCommitsIoFailureReachesTheTaskAsItself() {
    IOException disk = new IOException("injected: no space left on device");
    BackgroundCommit commits = new BackgroundCommit("test-commit");
    commits.start(
        () -> {
          throw disk;
        });
    IOException e = assertThrows(IOException.class, commits::await);
    assertSame(disk, e, "the task fails with the commit's own error, so Spark retries it");
  }

  @Test
  void aSecondCommitBeforeTheFirstIsAwaitedIsRefused() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BackgroundCommit commits = new BackgroundCommit("test-commit");
    commits.start(() -> waitFor(release));
    assertThrows(IllegalStateException.class, () -> commits.start(() -> true));
    release.countDown();
    assertEquals(Optional.of(true), commits.await());
    commits.start(() -> 2);
    assertEquals(Optional.of(2), commits.await());
  }

  @Test
  void theCommitsOfTwoTasksAtOnceDoNotWaitForEachOther() throws Exception {
    // Two tasks in one executor of two cores share the pool of "engram-commit" threads.
    CountDownLatch release = new CountDownLatch(1);
    BackgroundCommit first = new BackgroundCommit("test-commit");
    BackgroundCommit second = new BackgroundCommit("test-commit");
    first.start(() -> waitFor(release));
    second.start(() -> "not behind the first");
    assertEquals(Optional.of("not behind the first"), second.await());
    release.countDown();
    assertEquals(Optional.of(true), first.await());
  }
}
