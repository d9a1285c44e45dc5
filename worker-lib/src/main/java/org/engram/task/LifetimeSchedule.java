package org.engram.task;

/**
 * Which lifetimes of a batch are born at which window (MODEL.md sections 5 and 10.3).
 *
 * <p>Every lifetime is born at window 0. Staggered (training): lifetime {@code b} is born again at
 * every window {@code w > 0} with {@code w mod W == b mod W}, so a batch mixes young and old
 * networks and lifetime {@code b}'s first life is shorter. Together (evaluation, section 10.5): all
 * lifetimes are born at every multiple of W.
 *
 * @param lifetimes B, the lifetimes of the batch
 * @param windowsPerLifetime W, {@code task.windowsPerLifetime}
 * @param staggered whether ages are staggered (training) or all equal (evaluation)
 */
public record LifetimeSchedule(int lifetimes, int windowsPerLifetime, boolean staggered) {

  public LifetimeSchedule {
    if (lifetimes < 1) {
      throw new IllegalArgumentException("lifetimes must be >= 1, got " + lifetimes);
    }
    if (windowsPerLifetime < 1) {
      throw new IllegalArgumentException(
          "task.windowsPerLifetime must be >= 1, got " + windowsPerLifetime);
    }
  }

  /** The training schedule: staggered ages. */
  public static LifetimeSchedule staggered(int lifetimes, int windowsPerLifetime) {
    return new LifetimeSchedule(lifetimes, windowsPerLifetime, true);
  }

  /** The evaluation schedule: all lifetimes born together. */
  public static LifetimeSchedule together(int lifetimes, int windowsPerLifetime) {
    return new LifetimeSchedule(lifetimes, windowsPerLifetime, false);
  }

  /** Whether lifetime {@code b} starts from a birth state at window {@code window}. */
  public boolean isBornAt(int b, int window) {
    if (b < 0 || b >= lifetimes) {
      throw new IllegalArgumentException("lifetime must be in [0, " + lifetimes + "), got " + b);
    }
    if (window < 0) {
      throw new IllegalArgumentException("window must be >= 0, got " + window);
    }
    return window == 0 || window % windowsPerLifetime == phase(b);
  }

  /** For every lifetime, whether it is born at {@code window}. */
  public boolean[] bornAt(int window) {
    boolean[] born = new boolean[lifetimes];
    for (int b = 0; b < lifetimes; b++) {
      born[b] = isBornAt(b, window);
    }
    return born;
  }

  /** Whether any lifetime is born at {@code window}. */
  public boolean anyBornAt(int window) {
    for (int b = 0; b < lifetimes; b++) {
      if (isBornAt(b, window)) {
        return true;
      }
    }
    return false;
  }

  /** Windows lifetime {@code b} has lived before {@code window} since its latest birth. */
  public int age(int b, int window) {
    int w = window;
    while (!isBornAt(b, w)) {
      w--;
    }
    return window - w;
  }

  private int phase(int b) {
    return staggered ? b % windowsPerLifetime : 0;
  }
}
