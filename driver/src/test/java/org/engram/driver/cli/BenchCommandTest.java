package org.engram.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code bench} starts the reference's bench.py and sums up its rounds. */
class BenchCommandTest {

  @Test
  void runsTheReferenceInItsDirectoryWithOneOpenBlasThreadUnlessTheUserChoseACount() {
    Path bench = Path.of("/opt/reference/bench.py");
    ProcessBuilder pb =
        BenchCommand.referenceCommand("python3", List.of("-u"), bench, 2, 15.0, "default,large");
    assertEquals(
        List.of(
            "python3",
            "-u",
            "bench.py",
            "--threads",
            "2",
            "--seconds",
            "15.0",
            "--configs",
            "default,large"),
        pb.command());
    assertEquals(Path.of("/opt/reference").toFile(), pb.directory());
    // PyTorch's threads do the parallel work; a second (OpenBLAS) pool would oversubscribe.
    String user = System.getenv(BenchCommand.OPENBLAS_THREADS);
    assertEquals(user == null ? "1" : user, pb.environment().get(BenchCommand.OPENBLAS_THREADS));
  }

  @Test
  void oneRoundReportsItsPairAsBefore() {
    assertEquals(
        "default  threads 1: engram 2.500 upd/s, reference 1.250 upd/s, ratio 2.00x",
        BenchCommand.ratioLine("default  threads 1", List.<double[]>of(new double[] {2.5, 1.25})));
  }

  @Test
  void severalRoundsReportTheMedianRatioEveryRoundAndEachSidesMedian() {
    // Ratios 2.00, 2.40 and 1.50: the median is the first round's, whatever the order.
    List<double[]> rounds =
        List.of(new double[] {2.0, 1.0}, new double[] {2.4, 1.0}, new double[] {1.8, 1.2});
    assertEquals(
        "large    threads 2: ratio 2.00x, the median of 3 rounds (2.00x, 2.40x, 1.50x);"
            + " engram 2.000 upd/s, reference 1.000 upd/s (medians)",
        BenchCommand.ratioLine("large    threads 2", rounds));
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, SparkBenchCommand.Measurement.median(List.of(4.0, 1.0, 2.0, 3.0)));
    assertEquals(3.0, SparkBenchCommand.Measurement.median(List.of(3.0)));
  }
}
