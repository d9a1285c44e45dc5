package org.engram.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Synapse lanes ({@code [S][lane]} arrays of one chunk) that a lane kernel no longer needs, kept
 * for the next step or window. A training window allocates the state of every step for its tape
 * (tens of MB); allocating, zeroing and collecting that anew each window cost more than the
 * kernel's arithmetic on it, so the backward pass hands each step's state back here once it has
 * used it, and the next forward pass takes it again. Keyed by lane count (chunks differ only at the
 * end of a row and with the batch size).
 *
 * <p>A pool serves one range of rows of the windows of one network ({@link LaneKernel.Pools}), so
 * the threads of a window never wait for each other here. It is taken and given back once per chunk
 * and step (tens of thousands of times per default meta-update), so it looks its few lane counts up
 * in a short array rather than a hash map (which boxed every count; with one pool shared by both
 * threads, 0.76% of a two-thread default step's samples, 0.32% after). Synchronised all the same: a
 * range's rows may run on another helper thread from one call to the next ({@link
 * RangeHelpers#inParallel} lends whichever helpers are free).
 *
 * @param <T> {@code float[][]} or {@code double[][]}
 */
final class LanePool<T> {
  private int[] lengths = new int[4];
  private final List<ArrayDeque<T>> free = new ArrayList<>();

  /** An array of {@code length} lanes to overwrite, or null if none is free. */
  synchronized T take(int length) {
    ArrayDeque<T> arrays = arraysOf(length, false);
    return arrays == null ? null : arrays.pollFirst();
  }

  /** Gives back an array of {@code length} lanes that nothing reads any more. */
  synchronized void give(int length, T lanes) {
    arraysOf(length, true).addFirst(lanes);
  }

  private ArrayDeque<T> arraysOf(int length, boolean create) {
    int n = free.size();
    for (int i = 0; i < n; i++) {
      if (lengths[i] == length) {
        return free.get(i);
      }
    }
    if (!create) {
      return null;
    }
    if (n == lengths.length) {
      lengths = Arrays.copyOf(lengths, 2 * n);
    }
    lengths[n] = length;
    ArrayDeque<T> arrays = new ArrayDeque<>();
    free.add(arrays);
    return arrays;
  }
}
