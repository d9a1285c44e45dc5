package org.engram.driver.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which BLAS the PyTorch reference multiplies with, read from the shared libraries a Python process
 * maps once it has imported PyTorch and multiplied two matrices.
 *
 * <p>It decides what a ratio against the reference means. Debian's PyTorch ({@code BLAS_INFO =
 * generic}) calls whatever the {@code libblas.so.3} alternative names; installed alone ({@code
 * apt-get install --no-install-recommends python3-torch}) that is the netlib reference BLAS, which
 * is not optimised. On the Zen 3 VM bench.py's {@code default} config took 1,963 ms per update on
 * it against 1,085 ms on OpenBLAS, measured back to back (README, Performance log), so ratios
 * against it overstated Engram's speed by as much.
 */
final class ReferenceBlas {
  /** Prints the BLAS-like libraries mapped once PyTorch has multiplied, one path per line. */
  static final String PROBE =
      String.join(
          "\n",
          "import torch",
          "a = torch.ones(64, 64)",
          "(a @ a).sum().item()",
          "paths = set()",
          "for line in open('/proc/self/maps'):",
          "    f = line.split()",
          "    if len(f) >= 6:",
          "        name = f[-1].rsplit('/', 1)[-1].lower()",
          "        if any(k in name for k in ('blas', 'mkl', 'blis', 'atlas')):",
          "            paths.add(f[-1])",
          "print('\\n'.join(sorted(paths)))");

  private ReferenceBlas() {}

  /**
   * The libraries {@link #PROBE} finds under {@code python}; empty if it cannot run (no PyTorch:
   * bench.py's own run then says so).
   */
  static Optional<List<String>> probe(String python, Path workingDir)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(python, "-c", PROBE)
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      return Optional.empty();
    }
    return Optional.of(output.lines().map(String::trim).filter(l -> l.startsWith("/")).toList());
  }

  /**
   * What the libraries are: OpenBLAS, MKL, BLIS, ATLAS or the netlib reference BLAS. The {@code
   * libblas.so} that is mapped decides where there is one, for it is what PyTorch's own calls
   * resolve to: with the netlib one, OpenBLAS may be mapped too (Debian's LAPACK alternative loads
   * it) and still not multiply (bench.py ran as slowly as with the netlib BLAS alone).
   */
  static String kind(List<String> libraries) {
    Optional<String> libblas =
        libraries.stream()
            .filter(l -> l.substring(l.lastIndexOf('/') + 1).startsWith("libblas.so"))
            .findFirst();
    String decisive = libblas.orElse(String.join(" ", libraries)).toLowerCase(Locale.ROOT);
    if (decisive.contains("openblas")) {
      return "OpenBLAS";
    }
    if (decisive.contains("mkl")) {
      return "MKL";
    }
    if (decisive.contains("blis")) {
      return "BLIS";
    }
    if (decisive.contains("atlas")) {
      return "ATLAS";
    }
    if (libblas.isPresent()) {
      return "netlib reference BLAS";
    }
    return "none among its shared libraries (linked into PyTorch itself)";
  }

  /** The line {@code bench} prints about the reference's BLAS. */
  static String describe(List<String> libraries) {
    return "reference BLAS: "
        + kind(libraries)
        + (libraries.isEmpty() ? "" : " (" + String.join(", ", libraries) + ")");
  }

  /** A warning when the reference runs on an unoptimised BLAS, else empty. */
  static Optional<String> warning(List<String> libraries) {
    if (!kind(libraries).equals("netlib reference BLAS")) {
      return Optional.empty();
    }
    return Optional.of(
        "WARNING: the reference multiplies with the netlib reference BLAS, which is not optimised:"
            + " ratios against it overstate Engram's speed (bench.py's default config took 1.8x as"
            + " long on it). On Debian and Ubuntu, apt-get install libopenblas0-pthread makes"
            + " libblas.so.3 OpenBLAS.");
  }
}
