package org.engram.model;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Synapse lanes ({@code [S][lane]} arrays of one chunk) that a lane kernel no longer needs, kept
 * for the next step or window. A training window allocates the state of every step for its tape
 * (tens of MB); allocating, zeroing and collecting that anew each window cost more than the
 * kernel's arithmetic on it, so the backward pass hands each step's state back here once it has
 * used it, and the next forward pass takes it again. Keyed by lane count (chunks differ only at the
 * end of a row and with the batch size); shared by the windows of one network, hence synchronised.
 *
 * @param <T> {@code float[][]} or {@code double[][]}
 */
final class LanePool<T> {
  private final Map<Integer, ArrayDeque<T>> free = new HashMap<>();

  /** An array of {@code length} lanes to overwrite, or null if none is free. */
  synchronized T take(int length) {
    ArrayDeque<T> arrays = free.get(length);
    return arrays == null ? null : arrays.pollFirst();
  }

  /** Gives back an array of {@code length} lanes that nothing reads any more. */
  synchronized void give(int length, T lanes) {
    free.computeIfAbsent(length, k -> new ArrayDeque<>()).addFirst(lanes);
  }
}
