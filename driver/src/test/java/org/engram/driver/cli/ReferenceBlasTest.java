package org.engram.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
  void pytorchsOwnBlasSettingDecidesOverTheMappedLibraries() {
    // A pip wheel on the 16-core Xeon: MKL linked into PyTorch, NumPy's OpenBLAS mapped beside it.
    ReferenceBlas.Found wheel =
        new ReferenceBlas.Found(
            "mkl", List.of("/opt/torch/.venv/lib/numpy.libs/libscipy_openblas64_-61654e39.so"));
    assertEquals("MKL", ReferenceBlas.kind(wheel));
    assertEquals(
        "reference BLAS: MKL (PyTorch's BLAS_INFO=mkl; mapped: " + wheel.libraries().get(0) + ")",
        ReferenceBlas.describe(wheel));
    assertEquals("OpenBLAS", ReferenceBlas.kind(new ReferenceBlas.Found("open", NETLIB)));
    assertEquals("BLIS", ReferenceBlas.kind(new ReferenceBlas.Found("blis", List.of())));
    // Debian's build says "generic": whatever libblas.so.3 resolves to decides.
    assertEquals(
        "netlib reference BLAS", ReferenceBlas.kind(new ReferenceBlas.Found("generic", NETLIB)));
    assertEquals("OpenBLAS", ReferenceBlas.kind(new ReferenceBlas.Found("generic", OPENBLAS)));
    assertEquals("OpenBLAS", ReferenceBlas.kind(new ReferenceBlas.Found("", OPENBLAS)));
    assertEquals(
        "reference BLAS: OpenBLAS (PyTorch's BLAS_INFO=generic; mapped: "
            + String.join(", ", OPENBLAS)
            + ")",
        ReferenceBlas.describe(new ReferenceBlas.Found("generic", OPENBLAS)));
    assertEquals(
        "reference BLAS: none among its shared libraries (linked into PyTorch itself)",
        ReferenceBlas.describe(new ReferenceBlas.Found("", List.of())));
  }

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
  }

  @Test
  void warnsOnlyOfTheNetlibReferenceBlas() {
    String warning =
        ReferenceBlas.warning(new ReferenceBlas.Found("generic", NETLIB)).orElseThrow();
    assertTrue(warning.contains("not optimised"), warning);
    assertTrue(warning.contains("apt-get install libopenblas0-pthread"), warning);
    assertEquals(
        Optional.empty(), ReferenceBlas.warning(new ReferenceBlas.Found("generic", OPENBLAS)));
    assertEquals(Optional.empty(), ReferenceBlas.warning(new ReferenceBlas.Found("", List.of())));
    // A netlib libblas.so mapped by something else does not matter when PyTorch has MKL inside.
    assertEquals(Optional.empty(), ReferenceBlas.warning(new ReferenceBlas.Found("mkl", NETLIB)));
  }

  @Test
  void probeReadsTheInterpretersAnswerAndGivesUpWhenItFails(@TempDir Path dir) throws Exception {
    // Stand-ins for an interpreter: one that answers as the probe would, one that answers as an
    // older PyTorch without the setting would, one without PyTorch.
    Path answers =
        script(
            dir, "answers", "echo BLAS_INFO=generic; echo " + NETLIB.get(0) + "; echo not-a-path");
    Path noSetting = script(dir, "no-setting", "echo BLAS_INFO=; echo " + NETLIB.get(0));
    Path fails = script(dir, "fails", "echo 'No module named torch' >&2; exit 1");
    assertEquals(
        Optional.of(new ReferenceBlas.Found("generic", NETLIB)),
        ReferenceBlas.probe(answers.toString(), dir));
    assertEquals(
        Optional.of(new ReferenceBlas.Found("", NETLIB)),
        ReferenceBlas.probe(noSetting.toString(), dir));
    assertEquals(Optional.empty(), ReferenceBlas.probe(fails.toString(), dir));
  }

  @Test
  void theProbeRunsUnderARealPyTorchWhereThereIsOne(@TempDir Path dir) throws Exception {
    // This machine's /usr/bin/python3 with Debian's PyTorch, where installed (CI installs none):
    // the probe's Python must run and read the setting.
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python));
    Optional<ReferenceBlas.Found> found = ReferenceBlas.probe(python.toString(), dir);
    assumeTrue(found.isPresent(), "no PyTorch for python3");
    assertFalse(found.get().blasInfo().isEmpty(), found.get().toString());
    assertTrue(
        found.get().libraries().stream().noneMatch(l -> l.contains("cublas")),
        found.get().toString());
  }

  private static Path script(Path dir, String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }
}
