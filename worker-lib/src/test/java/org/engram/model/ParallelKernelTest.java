package org.engram.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.engram.spec.NetworkSpec;
import org.engram.spec.TaskSpec;
import org.engram.spec.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ParallelLaneKernel} computes what one kernel over all rows computes: the same message
 * sums, states, d P and state gradients to the last bit (rows are independent), and the sums over
 * rows (d Q, d a, the parameter gradients) up to the order of summation.
 */
class ParallelKernelTest {

  @ParameterizedTest(name = "{0}, S = {1}, Hs = {2}, B = {3}, {4}, H = {5}, {6} threads")
  @CsvSource({
    "FLOAT, 4, 8, 16, DENSE, 6, 2",
    "FLOAT, 4, 32, 16, SPARSE, 20, 3",
    "FLOAT, 3, 7, 5, LAYERED, 9, 2",
    "FLOAT, 6, 5, 4, DENSE, 5, 4",
    "DOUBLE, 4, 8, 16, DENSE, 6, 2",
    "DOUBLE, 2, 5, 3, SPARSE, 12, 3"
  })
  void matchesOneKernelOverAllRows(
      DataType dtype, int s, int hs, int batch, Topology topology, int hidden, int threads) {
    SplittableRandom rng = new SplittableRandom(s * 1000L + hs * 10L + batch + threads);
    KernelComparison.Case c = KernelComparison.Case.of(s, hs, batch, topology, hidden, rng);
    INDArray start =
        Nd4j.create(c.randomState(rng), new long[] {batch, c.r(), c.n(), s}, dtype)
            .muli(mask(c.structure(), batch, s, dtype));
    LaneKernel one =
        LaneKernel.create(
            c.structure(),
            batch,
            dtype,
            c.weights(),
            true,
            start,
            new LaneKernel.Pools(),
            /* threads */ 1);
    LaneKernel split =
        LaneKernel.create(
            c.structure(), batch, dtype, c.weights(), true, start, new LaneKernel.Pools(), threads);
    assertInstanceOf(ParallelLaneKernel.class, split);
    assertArrayEquals(
        KernelComparison.flat(one.synapses(dtype)),
        KernelComparison.flat(split.synapses(dtype)),
        "loaded state");
    KernelComparison.compare(c, one, split, rng, /* rowsExact */ true);
  }

  @Test
  void rowRangesCoverEveryRowOnceWithBalancedWork() {
    NetworkSpec spec = NetworkSpec.defaults();
    NetworkStructure structure = NetworkStructure.build(spec, TaskSpec.defaults(), 1);
    LaneLayout layout = new LaneLayout(structure, 16);
    for (int parts = 1; parts <= 5; parts++) {
      List<int[]> ranges = ParallelLaneKernel.rowRanges(layout, parts);
      assertEquals(Math.min(parts, layout.rows()), ranges.size(), parts + " parts");
      int next = 0;
      for (int[] range : ranges) {
        assertEquals(next, range[0], "contiguous");
        assertTrue(range[1] > range[0], "not empty");
        next = range[1];
      }
      assertEquals(layout.rows(), next, "every row");
      int most = ranges.stream().mapToInt(x -> x[1] - x[0]).max().orElseThrow();
      int least = ranges.stream().mapToInt(x -> x[1] - x[0]).min().orElseThrow();
      assertTrue(most - least <= 1, "dense rows split evenly: " + most + " vs " + least);
    }
    // More threads than rows: one row each.
    assertEquals(layout.rows(), ParallelLaneKernel.rowRanges(layout, 10_000).size());
  }

  @Test
  void aFailureInAnyRangeReachesTheCallerOnceEveryRangeHasEnded() {
    AtomicInteger ended = new AtomicInteger();
    LaneKernel k =
        twoRanges(
            new Stepping(() -> slowly(ended, new double[] {1, 0})),
            new Stepping(
                () -> {
                  ended.incrementAndGet();
                  throw new OutOfMemoryError("range failed");
                }));
    OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> k.step(new double[1]));
    assertTrue(e.getMessage().contains("range failed"), e.getMessage());
    assertEquals(2, ended.get(), "both ranges ended before the error reached the caller");

    LaneKernel failing =
        twoRanges(
            new Stepping(
                () -> {
                  throw new IllegalStateException("first range failed");
                }),
            new Stepping(() -> slowly(ended, new double[] {0, 2})));
    IllegalStateException first =
        assertThrows(IllegalStateException.class, () -> failing.step(new double[1]));
    assertEquals("first range failed", first.getMessage());
    assertEquals(3, ended.get(), "the other range ended too");
    assertThrows(IllegalArgumentException.class, () -> KernelThreads.set(0));
  }

  @Test
  void anInterruptedCallerGetsEveryRangeAndKeepsItsInterrupt() {
    AtomicInteger ended = new AtomicInteger();
    LaneKernel k =
        twoRanges(
            new Stepping(() -> new double[] {1, 0}),
            new Stepping(() -> slowly(ended, new double[] {0, 2})));
    Thread.currentThread().interrupt();
    double[] sums = k.step(new double[1]);
    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    assertArrayEquals(new double[] {1, 2}, sums, "each range's own row");
    assertEquals(1, ended.get());
  }

  /** Sleeps a little (uninterruptibly), counts the end, returns {@code v}. */
  private static double[] slowly(AtomicInteger ended, double[] v) {
    long until = System.nanoTime() + 50_000_000L;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    ended.incrementAndGet();
    return v;
  }

  /** Two kernels of one row each, batch 1. */
  private static LaneKernel twoRanges(LaneKernel first, LaneKernel second) {
    return new ParallelLaneKernel(
        List.of(first, second), List.of(new int[] {0, 1}, new int[] {1, 2}), 1);
  }

  /** A kernel that only steps, as told. */
  private static final class Stepping extends LaneKernel {
    private final Supplier<double[]> step;

    Stepping(Supplier<double[]> step) {
      this.step = step;
    }

    @Override
    void load(INDArray synapses) {}

    @Override
    INDArray synapses(DataType dtype) {
      return null;
    }

    @Override
    double[] step(double[] act) {
      return step.get();
    }

    @Override
    void update(double[] post) {}

    @Override
    double[] backwardUpdate(int t, double[] post, double[] dPost) {
      return null;
    }

    @Override
    double[] backwardMessage(int t, double[] dZ) {
      return null;
    }

    @Override
    INDArray synapseGradient(DataType dtype) {
      return null;
    }

    @Override
    void addParameterGradients(double[] dUw, double[] dU2, double[] dD2) {}
  }

  /** C as {@code [B, R, N, S]}: the state is 0 where there is no synapse. */
  private static INDArray mask(NetworkStructure structure, int batch, int s, DataType dtype) {
    int n = structure.neuronCount();
    int r = structure.receivingCount();
    double[] m = new double[batch * r * n * s];
    for (int b = 0; b < batch; b++) {
      for (int row = 0; row < r; row++) {
        for (int j = 0; j < n; j++) {
          if (structure.connected(structure.inputCount() + row, j)) {
            for (int k = 0; k < s; k++) {
              m[((b * r + row) * n + j) * s + k] = 1;
            }
          }
        }
      }
    }
    return Nd4j.create(m, new long[] {batch, r, n, s}, dtype);
  }
}
