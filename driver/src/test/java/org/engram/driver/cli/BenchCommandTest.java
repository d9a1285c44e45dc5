package org.engram.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code bench} starts the reference's bench.py. */
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
}
