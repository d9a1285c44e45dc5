package org.engram.spec;

/** Validation helpers whose messages name the key and the value, as records' constructors need. */
final class Checks {
  private Checks() {}

  static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
    }
  }

  static void finite(String key, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(key + " must be a finite number, got " + value);
    }
  }

  static void inRange(String key, double value, double lo, double hi, boolean loOpen) {
    boolean ok = (loOpen ? value > lo : value >= lo) && value <= hi;
    if (!ok) {
      throw new IllegalArgumentException(
          key + " must be in " + (loOpen ? "(" : "[") + lo + ", " + hi + "], got " + value);
    }
  }

  static void positive(String key, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(key + " must be > 0, got " + value);
    }
  }

  static <T> T notNull(String key, T value) {
    if (value == null) {
      throw new IllegalArgumentException(key + " is required");
    }
    return value;
  }
}
