package org.engram.driver.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which BLAS the PyTorch reference multiplies with: PyTorch's own build setting {@code BLAS_INFO}
 * where it names one, else the shared libraries a Python process maps once it has imported PyTorch
 * and multiplied two matrices.
 *
 * <p>It decides what a ratio against the reference means. Debian's PyTorch ({@code BLAS_INFO =
 * generic}) calls whatever the {@code libblas.so.3} alternative names; installed alone ({@code
 * apt-get install --no-install-recommends python3-torch}) that is the netlib reference BLAS, which
 * is not optimised. On the Zen 3 VM bench.py's {@code default} config took 1,963 ms per update on
 * it against 1,085 ms on OpenBLAS, measured back to back (README, Performance log), so ratios
 * against it overstated Engram's speed by as much.
 *
 * <p>The build setting comes first because the mapped libraries can mislead: a pip wheel of PyTorch
 * links MKL into itself ({@code BLAS_INFO=mkl}) and maps no MKL library, while NumPy, which it
 * imports, maps its own OpenBLAS and a CUDA build maps cuBLAS; on a 16-core Xeon with PyTorch 2.11
 * the libraries alone read "OpenBLAS" (README, Performance log).
 */
final class ReferenceBlas {
  /**
   * Prints PyTorch's {@code BLAS_INFO} as {@code BLAS_INFO=value} (empty if its configuration names
   * none), then the BLAS-like CPU libraries mapped once PyTorch has multiplied, one path per line.
   * cuBLAS is left out: it multiplies on a GPU, and the reference runs on the CPU.
   */
  static final String PROBE =
      String.join(
          "\n",
          "import re, torch",
          "m = re.search(r'BLAS_INFO=([^,\\s]+)', torch.__config__.show())",
          "print('BLAS_INFO=' + (m.group(1) if m else ''))",
          "a = torch.ones(64, 64)",
          "(a @ a).sum().item()",
          "paths = set()",
          "for line in open('/proc/self/maps'):",
          "    f = line.split()",
          "    if len(f) >= 6:",
          "        name = f[-1].rsplit('/', 1)[-1].lower()",
          "        if any(k in name for k in ('blas', 'mkl', 'blis', 'atlas')) and 'cublas' not in name:",
          "            paths.add(f[-1])",
          "print('\\n'.join(sorted(paths)))");

  private static final String INFO_PREFIX = "BLAS_INFO=";

  private ReferenceBlas() {}

  /**
   * What {@link #PROBE} found.
   *
   * @param blasInfo PyTorch's {@code BLAS_INFO} build setting, empty if it printed none
   * @param libraries the BLAS-like CPU libraries mapped
   */
  record Found(String blasInfo, List<String> libraries) {}

  /**
   * What {@link #PROBE} finds under {@code python}; empty if it cannot run (no PyTorch: bench.py's
   * own run then says so).
   */
  static Optional<Found> probe(String python, Path workingDir)
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
    List<String> lines = output.lines().map(String::trim).toList();
    String blasInfo =
        lines.stream()
            .filter(l -> l.startsWith(INFO_PREFIX))
            .map(l -> l.substring(INFO_PREFIX.length()))
            .findFirst()
            .orElse("");
    return Optional.of(new Found(blasInfo, lines.stream().filter(l -> l.startsWith("/")).toList()));
  }

  /**
   * What the reference multiplies with: the library {@code BLAS_INFO} names (PyTorch's words: mkl,
   * open, blis, atlas, accelerate), or where it names none ({@code generic}, as Debian's build
   * says: whatever {@code libblas.so.3} resolves to), what the libraries are.
   */
  static String kind(Found found) {
    return switch (found.blasInfo().toLowerCase(Locale.ROOT)) {
      case "mkl" -> "MKL";
      case "open", "openblas" -> "OpenBLAS";
      case "blis" -> "BLIS";
      case "atlas" -> "ATLAS";
      case "accelerate", "veclib" -> "Accelerate";
      default -> kind(found.libraries());
    };
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
  static String describe(Found found) {
    List<String> details = new ArrayList<>();
    if (!found.blasInfo().isEmpty()) {
      details.add("PyTorch's BLAS_INFO=" + found.blasInfo());
    }
    if (!found.libraries().isEmpty()) {
      details.add("mapped: " + String.join(", ", found.libraries()));
    }
    return "reference BLAS: "
        + kind(found)
        + (details.isEmpty() ? "" : " (" + String.join("; ", details) + ")");
  }

  /** A warning when the reference runs on an unoptimised BLAS, else empty. */
  static Optional<String> warning(Found found) {
    if (!kind(found).equals("netlib reference BLAS")) {
      return Optional.empty();
    }
    return Optional.of(
        "WARNING: the reference multiplies with the netlib reference BLAS, which is not optimised:"
            + " ratios against it overstate Engram's speed (bench.py's default config took 1.8x as"
            + " long on it). On Debian and Ubuntu, apt-get install libopenblas0-pthread makes"
            + " libblas.so.3 OpenBLAS.");
  }
}
