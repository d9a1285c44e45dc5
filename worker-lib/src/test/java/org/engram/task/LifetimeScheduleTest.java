package org.engram.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LifetimeScheduleTest {

  @Test
  void staggeredLifetimesAreAllBornAtZeroThenAtTheirPhase() {
    LifetimeSchedule s = LifetimeSchedule.staggered(5, 3);
    boolean t = true;
    boolean f = false;
    assertArrayEquals(new boolean[] {t, t, t, t, t}, s.bornAt(0));
    assertArrayEquals(new boolean[] {f, t, f, f, t}, s.bornAt(1));
    assertArrayEquals(new boolean[] {f, f, t, f, f}, s.bornAt(2));
    assertArrayEquals(new boolean[] {t, f, f, t, f}, s.bornAt(3));
    assertArrayEquals(new boolean[] {f, t, f, f, t}, s.bornAt(4));
    assertArrayEquals(new boolean[] {t, f, f, t, f}, s.bornAt(6));
  }

  @Test
  void firstLifeIsShorterAndLaterLivesLastWWindows() {
    LifetimeSchedule s = LifetimeSchedule.staggered(4, 4);
    // Lifetime 2: born at 0, again at 2 (first life 2 windows), then at 6, 10.
    assertEquals(1, s.age(2, 1));
    assertEquals(0, s.age(2, 2));
    assertEquals(3, s.age(2, 5));
    assertEquals(0, s.age(2, 6));
    // Lifetime 0: born at 0, 4, 8.
    assertEquals(3, s.age(0, 3));
    assertEquals(0, s.age(0, 4));
  }

  @Test
  void evaluationLifetimesAreBornTogether() {
    LifetimeSchedule s = LifetimeSchedule.together(3, 4);
    for (int w = 0; w < 13; w++) {
      boolean born = w % 4 == 0;
      assertArrayEquals(new boolean[] {born, born, born}, s.bornAt(w), "window " + w);
      assertEquals(born, s.anyBornAt(w));
    }
  }

  @Test
  void oneWindowLifetimesAreBornEveryWindow() {
    LifetimeSchedule s = LifetimeSchedule.staggered(3, 1);
    assertTrue(s.isBornAt(2, 7));
    assertFalse(LifetimeSchedule.staggered(3, 2).isBornAt(0, 7));
  }

  @Test
  void invalidArgumentsNameTheKey() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LifetimeSchedule.staggered(2, 0));
    assertEquals("task.windowsPerLifetime must be >= 1, got 0", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> LifetimeSchedule.staggered(2, 3).isBornAt(2, 0));
    assertThrows(
        IllegalArgumentException.class, () -> LifetimeSchedule.staggered(2, 3).isBornAt(0, -1));
  }
}
