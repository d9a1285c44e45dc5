package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver's queue of trials: leases, reports, and what a failed worker gives back. */
class TrialQueueTest {
  private static final String RUN = "run-1";

  private final List<TrialOutcome> reported = new ArrayList<>();

  private static List<TrialJob> jobs(int n) {
    List<TrialJob> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      jobs.add(new TrialJob("t" + i, i, "{}"));
    }
    return jobs;
  }

  /** A queue for one worker, so that only its very last trial is not leased ahead. */
  private TrialQueue queue(int trials, int attempts) {
    return new TrialQueue(jobs(trials), attempts, 1, reported::add);
  }

  private static TrialOutcome ok(String trialId) {
    return new TrialOutcome(trialId, "OK", null, 1.0, "0/1@h", false);
  }

  /**
   * A worker's request: {@code started} started (then it asks ahead), {@code done} committed, and
   * the next wanted.
   */
  private static TrialQueue.Request ask(
      int worker, int attempt, String started, List<TrialOutcome> done) {
    return new TrialQueue.Request(RUN, worker, attempt, started, done, true, started != null);
  }

  private static TrialQueue.Request last(int worker, String started, List<TrialOutcome> done) {
    return new TrialQueue.Request(RUN, worker, 0, started, done, false, false);
  }

  private static String id(TrialQueue.Lease lease) {
    return lease.job() == null ? null : lease.job().trialId();
  }

  @Test
  void leasesInGridOrderAndFinishesOnceEveryTrialIsReported() {
    TrialQueue q = queue(4, 4);
    assertEquals("t0", id(q.handle(ask(0, 0, null, List.of()))));
    assertEquals("t1", id(q.handle(ask(1, 0, null, List.of()))));
    // Worker 0 starts t0 and leases ahead.
    TrialQueue.Lease ahead = q.handle(ask(0, 0, "t0", List.of()));
    assertEquals("t2", id(ahead));
    assertEquals(0, ahead.attempt());
    // Worker 1 starts t1: the last trial is not leased ahead, but once a worker is free.
    TrialQueue.Lease later = q.handle(ask(1, 0, "t1", List.of()));
    assertNull(id(later));
    assertTrue(later.later());
    assertTrue(q.hasPending());
    assertEquals(
        "t3",
        id(q.handle(new TrialQueue.Request(RUN, 1, 0, null, List.of(ok("t1")), true, false))));
    assertFalse(q.hasPending());
    TrialQueue.Lease none = q.handle(ask(0, 0, "t2", List.of(ok("t0"))));
    assertNull(id(none), "nothing left to lease");
    assertFalse(none.later());

    q.handle(last(1, "t3", List.of()));
    assertFalse(q.finished(), "t2 and t3 are still running");
    assertEquals(2, q.running());
    q.handle(last(0, null, List.of(ok("t2"))));
    q.handle(last(1, null, List.of(ok("t3"))));
    assertTrue(q.finished());
    assertEquals(
        List.of("t1", "t0", "t2", "t3"), reported.stream().map(TrialOutcome::trialId).toList());
    assertEquals(reported, q.outcomes());
    assertEquals(2, q.progressBy(0));
    assertEquals(2, q.progressBy(1));
  }

  @Test
  void aTrialReportedTwiceIsCountedOnce() {
    TrialQueue q = queue(1, 4);
    q.handle(ask(0, 0, null, List.of()));
    q.handle(ask(0, 0, "t0", List.of(ok("t0"))));
    q.handle(ask(0, 1, null, List.of(ok("t0")))); // a retry that found t0 committed
    assertEquals(1, reported.size());
    assertEquals(1, q.outcomes().size());
  }

  @Test
  void aRetriedWorkerTakesBackTheTrialItStartedFirstAndItsLeaseAheadIsNoAttempt() {
    TrialQueue q = queue(4, 4);
    assertEquals("t0", id(q.handle(ask(0, 0, null, List.of()))));
    assertEquals("t1", id(q.handle(ask(0, 0, "t0", List.of())))); // leased ahead
    // Attempt 0 of worker 0 is lost while t0 runs; its retry asks first.
    TrialQueue.Lease again = q.handle(ask(0, 1, null, List.of()));
    assertEquals("t0", id(again), "the started trial comes back first");
    assertEquals(1, again.attempt(), "t0's second attempt");
    TrialQueue.Lease ahead = q.handle(ask(0, 1, "t0", List.of()));
    assertEquals("t1", id(ahead));
    assertEquals(0, ahead.attempt(), "t1 never started: this is its first attempt");
    assertEquals(1, q.progressBy(0), "one attempt used up");
  }

  @Test
  void aFailedWorkersLeasesGoBackToTheHeadForAnyWorker() {
    TrialQueue q = queue(4, 4);
    q.handle(ask(0, 0, null, List.of()));
    q.handle(ask(0, 0, "t0", List.of())); // t1 ahead
    q.giveBack(0); // the driver: worker 0's job failed
    assertEquals(0, q.running());
    TrialQueue.Lease l = q.handle(ask(1, 0, null, List.of()));
    assertEquals("t0", id(l));
    assertEquals(1, l.attempt());
    assertEquals("t1", id(q.handle(ask(1, 0, "t0", List.of()))));
    assertEquals("t2", id(q.handle(ask(1, 0, "t1", List.of(ok("t0"))))));
  }

  @Test
  void aTrialGivenBackAfterItsLastAttemptFailsTheRun() {
    TrialQueue q = queue(2, 2);
    q.handle(ask(0, 0, null, List.of()));
    q.handle(last(0, "t0", List.of()));
    q.giveBack(0);
    assertNull(q.exhausted());
    TrialQueue.Lease last = q.handle(ask(0, 0, null, List.of()));
    assertEquals("t0", id(last));
    assertEquals(1, last.attempt());
    q.handle(last(0, "t0", List.of()));
    q.giveBack(0);
    assertEquals("trial t0 did not finish in any of its 2 attempts", q.exhausted());
    assertFalse(q.hasPending(), "no more leases once the run fails");
    assertNull(id(q.handle(ask(1, 0, null, List.of()))));
  }

  @Test
  void giveBackWithNothingLeasedChangesNothing() {
    TrialQueue q = queue(2, 1);
    q.giveBack(3);
    assertTrue(q.hasPending());
    assertEquals(0, q.progressBy(3));
    assertNull(q.exhausted());
  }
}
