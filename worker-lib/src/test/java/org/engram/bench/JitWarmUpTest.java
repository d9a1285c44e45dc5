package org.engram.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JitWarmUpTest {
  /**
   * A made-up JVM: each update takes {@code updateSeconds}; the JIT compiles on another core for
   * all of the time before {@code busyUntil} seconds.
   */
  private static final class FakeJvm {
    final double updateSeconds;
    final double busyUntil;
    double now;

    FakeJvm(double updateSeconds, double busyUntil) {
      this.updateSeconds = updateSeconds;
      this.busyUntil = busyUntil;
    }

    JitWarmUp warmUp() {
      return new JitWarmUp(
          () -> Math.round(now * 1e9), () -> Math.round(Math.min(now, busyUntil) * 1e3));
    }

    void update() {
      now += updateSeconds;
    }
  }

  @Test
  void endsAtTheFirstQuietIntervalAfterTheJitStops() {
    FakeJvm jvm = new FakeJvm(0.5, 10);
    JitWarmUp.Result r = jvm.warmUp().run(jvm::update, 5, 60);
    // Intervals of 3 s end at 3, 6, 9, 12 and 15 s; the one ending at 12 s still holds 1 s of JIT.
    assertTrue(r.quiet());
    assertEquals(15.0, r.seconds(), 1e-9);
    assertEquals(30, r.updates());
    assertEquals(0.0, r.lastJitShare(), 1e-9);
  }

  @Test
  void lastsAtLeastTheMinimumWhenTheJitIsQuietFromTheStart() {
    FakeJvm jvm = new FakeJvm(0.5, 0);
    JitWarmUp.Result r = jvm.warmUp().run(jvm::update, 10, 60);
    assertTrue(r.quiet());
    assertEquals(12.0, r.seconds(), 1e-9);
  }

  @Test
  void stopsAtTheMaximumWhileTheJitIsStillBusyAndSaysSo() {
    FakeJvm jvm = new FakeJvm(0.5, Double.POSITIVE_INFINITY);
    JitWarmUp.Result r = jvm.warmUp().run(jvm::update, 5, 20);
    assertFalse(r.quiet());
    assertEquals(20.0, r.seconds(), 1e-9);
    assertEquals(1.0, r.lastJitShare(), 1e-9);
  }

  @Test
  void runsAtLeastTwoUpdatesHoweverLongEachTakes() {
    FakeJvm jvm = new FakeJvm(100, 0);
    JitWarmUp.Result r = jvm.warmUp().run(jvm::update, 0, 1);
    assertEquals(2, r.updates());
    assertTrue(r.quiet());
  }

  @Test
  void rejectsAMaximumBelowTheMinimum() {
    FakeJvm jvm = new FakeJvm(1, 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> jvm.warmUp().run(jvm::update, 10, 5));
    assertTrue(e.getMessage().contains("10.0") && e.getMessage().contains("5.0"), e.getMessage());
  }

  @Test
  void thisJvmReportsItsCompilersTime() {
    // HotSpot reports it; a warm-up on a JVM that did not would end after its minimum.
    long before = JitWarmUp.jitMillis().getAsLong();
    assertTrue(before > 0, "HotSpot has compiled something by the time a test runs: " + before);
  }
}
