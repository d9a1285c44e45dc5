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
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void aHeldCommitRunsOnlyOnceStartedAndOnlyOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    AtomicReference<Thread> committer = new AtomicReference<>();
    BackgroundCommit commits = new BackgroundCommit("test-commit");
    commits.hold(
        () -> {
          committer.set(Thread.currentThread());
          return runs.incrementAndGet();
        });
    Thread.sleep(200); // time enough for a commit started by hold to have run
    assertEquals(0, runs.get(), "held, not started: the next trial has not started yet");
    commits.startHeld(); // "the next trial started"
    commits.startHeld(); // a second call (the task's own, after a trial found committed)
    assertEquals(Optional.of(1), commits.await());
    assertEquals(1, runs.get(), "started once");
    assertEquals("test-commit", committer.get().getName());
  }

  @Test
  void awaitStartsAHeldCommitSoNoneIsDropped() throws Exception {
    // The next trial failed in its set-up, or was found committed: nothing started the held one.
    BackgroundCommit commits = new BackgroundCommit("test-commit");
    commits.hold(() -> "rows of trial 1");
    assertEquals(Optional.of("rows of trial 1"), commits.await());
    assertEquals(Optional.empty(), commits.await());
  }

  @Test
  void holdingOrStartingWhileACommitIsHeldOrPendingIsRefused() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BackgroundCommit commits = new BackgroundCommit("test-commit");
    commits.hold(() -> 1);
    assertThrows(IllegalStateException.class, () -> commits.hold(() -> 2));
    assertThrows(IllegalStateException.class, () -> commits.start(() -> 2));
    assertEquals(Optional.of(1), commits.await());
    commits.start(() -> waitFor(release));
    assertThrows(IllegalStateException.class, () -> commits.hold(() -> 3));
    release.countDown();
    assertEquals(Optional.of(true), commits.await());
  }
}
