package org.engram.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which BLAS the reference multiplies with, and the warning for an unoptimised one. */
class ReferenceBlasTest {
  private static final List<String> NETLIB =
      List.of("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0");
  private static final List<String> OPENBLAS =
      List.of(
          "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3",
          "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so");

  @Test
  void namesTheLibraryKind() {
    assertEquals("OpenBLAS", ReferenceBlas.kind(OPENBLAS));
    assertEquals("netlib reference BLAS", ReferenceBlas.kind(NETLIB));
    // Debian's LAPACK alternative may map OpenBLAS beside the netlib BLAS, which still multiplies.
    assertEquals(
        "netlib reference BLAS",
        ReferenceBlas.kind(
            List.of(
                NETLIB.get(0),
                "/usr/lib/x86_64-linux-gnu/openblas-pthread/liblapack.so.3",
                "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so")));
    // A pip wheel's PyTorch maps its own library, with no libblas.so.
    assertEquals("MKL", ReferenceBlas.kind(List.of("/opt/torch/lib/libmkl_rt.so.2")));
    assertEquals("BLIS", ReferenceBlas.kind(List.of("/usr/lib/x86_64-linux-gnu/libblis.so.4")));
    assertTrue(ReferenceBlas.kind(List.of()).startsWith("none among its shared libraries"));
    assertEquals(
        "reference BLAS: OpenBLAS (" + String.join(", ", OPENBLAS) + ")",
        ReferenceBlas.describe(OPENBLAS));
  }

  @Test
  void warnsOnlyOfTheNetlibReferenceBlas() {
    String warning = ReferenceBlas.warning(NETLIB).orElseThrow();
    assertTrue(warning.contains("not optimised"), warning);
    assertTrue(warning.contains("apt-get install libopenblas0-pthread"), warning);
    assertEquals(Optional.empty(), ReferenceBlas.warning(OPENBLAS));
    assertEquals(Optional.empty(), ReferenceBlas.warning(List.of()));
  }

  @Test
  void probeReadsTheInterpretersAnswerAndGivesUpWhenItFails(@TempDir Path dir) throws Exception {
    // Stand-ins for an interpreter: one that answers as the probe would, one without PyTorch.
    Path answers = script(dir, "answers", "echo " + NETLIB.get(0) + "; echo not-a-path");
    Path fails = script(dir, "fails", "echo 'No module named torch' >&2; exit 1");
    assertEquals(Optional.of(NETLIB), ReferenceBlas.probe(answers.toString(), dir));
    assertEquals(Optional.empty(), ReferenceBlas.probe(fails.toString(), dir));
  }

  private static Path script(Path dir, String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }
}
