package org.engram.driver.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.engram.bench.JitWarmUp;
import org.engram.bench.MetaUpdateBench;
import org.engram.driver.cli.SparkBenchCommand.Measurement;
import org.engram.model.VectorSupport;
import org.engram.runtime.Nd4jRuntime;

/**
 * {@code engram bench}: meta-updates per second, GFLOP/s and peak memory of the numeric core on the
 * PyTorch reference's small, default and large configs, at each BLAS thread count; with {@code
 * --reference DIR} it also runs that directory's {@code bench.py} in the same invocation (where
 * PyTorch is installed) and prints Engram's speed as a ratio of the reference's, each pair measured
 * back to back.
 *
 * <p>With {@code --rounds N} (and a reference) it measures both sides N times, alternating: each
 * round runs the reference's configs, then Engram's, at each thread count, and the ratios end with
 * each pair's median over the rounds and every round's ratio. The speed of this shared machine
 * drifts by 10-25% within minutes (both sides'), so one pair of measurements a minute apart gives a
 * ratio that moves with it; the median of alternating pairs moves much less.
 *
 * <p>With {@code --memory CONFIGS} it then compares peak memory, config by config and thread count
 * by thread count, each side in a fresh process of its own that measures only that config (see
 * {@link PeakMemory}): the rows of one JVM cannot, since its heap keeps the pages an earlier row
 * touched.
 */
final class BenchCommand {
  /** The variable that sizes a pthread OpenBLAS's own thread pool. */
  static final String OPENBLAS_THREADS = "OPENBLAS_NUM_THREADS";

  private final Args args;
  private final PrintStream out;
  private String python;

  BenchCommand(List<String> raw, PrintStream out) {
    this.args =
        new Args(
            raw,
            Set.of(),
            Set.of(
                "--threads",
                "--seconds",
                "--warmup",
                "--warmup-max",
                "--configs",
                "--reference",
                "--python",
                "--memory",
                "--rounds"));
    this.out = out;
  }

  int call() throws Exception {
    if (!args.positional().isEmpty()) {
      throw new UsageException("bench takes no positional arguments");
    }
    List<Integer> threads = new ArrayList<>();
    for (String t : args.option("--threads", "1,2").split(",")) {
      threads.add(parsePositive("--threads", t));
    }
    double seconds = parsePositive("--seconds", args.option("--seconds", "20"));
    double warmup = parsePositive("--warmup", args.option("--warmup", "5"));
    double maxWarmup = parsePositive("--warmup-max", args.option("--warmup-max", "60"));
    if (maxWarmup < warmup) {
      throw new UsageException(
          "--warmup-max must be at least --warmup (" + warmup + " s), got " + maxWarmup);
    }
    int rounds = parsePositive("--rounds", args.option("--rounds", "1"));
    String configs = args.option("--configs", "small,default,large");
    for (String c : configs.split(",")) {
      MetaUpdateBench.spec(c.trim()); // fails fast on an unknown config name
    }
    List<String> memoryConfigs = new ArrayList<>();
    String memory = args.option("--memory", null);
    if (memory != null) {
      for (String c : memory.split(",")) {
        if (!MetaUpdateBenchConfigs.NAMES.contains(c.trim())) {
          throw new UsageException(
              "--memory takes configs of bench.py (small, default, large), got '" + c + "'");
        }
        memoryConfigs.add(c.trim());
      }
    }
    python = args.option("--python", defaultPython());
    if (python.contains("/") && !Files.isExecutable(Path.of(python))) {
      throw new UsageException(
          "--python must name a Python interpreter (a command or an executable file), got "
              + python);
    }
    String reference = args.option("--reference", null);
    Path bench = reference == null ? null : Path.of(reference, "bench.py");
    if (bench != null && !Files.isRegularFile(bench)) {
      throw new UsageException(
          "--reference must be a directory holding bench.py, got " + reference);
    }
    out.printf(
        Locale.ROOT,
        "engram bench: %s, %s, %d cores, java %s, float32, B = 16 (smoke: 4), warm-up at least"
            + " %.0f s, then until the JIT is quiet (under %.0f%% of %.0f s), at most %.0f s,"
            + " load average %.2f%n",
        Nd4jRuntime.backend(),
        VectorSupport.describe(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        warmup,
        100 * JitWarmUp.QUIET_SHARE,
        JitWarmUp.INTERVAL_SECONDS,
        maxWarmup,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    if (bench != null) {
      // What a ratio against the reference means depends on the BLAS it multiplies with.
      Optional<ReferenceBlas.Found> blas = ReferenceBlas.probe(python, bench.getParent());
      blas.map(ReferenceBlas::describe).ifPresent(out::println);
      blas.flatMap(ReferenceBlas::warning).ifPresent(out::println);
    }
    // The reference's bench.py knows only its own configs (not smoke).
    String referenceConfigs =
        String.join(
            ",",
            java.util.Arrays.stream(configs.split(","))
                .map(String::trim)
                .filter(c -> !c.equals(MetaUpdateBench.SMOKE))
                .toList());
    // Per "config threads": each round's {engram, reference} updates per second.
    Map<String, List<double[]>> pairs = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      if (rounds > 1) {
        out.printf(Locale.ROOT, "round %d of %d%n", round, rounds);
      }
      measureRound(threads, configs, bench, referenceConfigs, seconds, warmup, maxWarmup, pairs);
    }
    if (!pairs.isEmpty()) {
      out.println(
          "speed against the reference (same machine, measured back to back"
              + (rounds > 1 ? "; " + rounds + " rounds alternating, the median ratio" : "")
              + "):");
      pairs.forEach((key, p) -> out.println("  " + ratioLine(key, p)));
    }
    if (!memoryConfigs.isEmpty()) {
      PeakMemory peaks = new PeakMemory(out, python, bench, seconds, warmup, maxWarmup);
      List<String> lines = new ArrayList<>();
      for (int t : threads) {
        for (String c : memoryConfigs) {
          lines.add(peaks.compare(c, t));
        }
      }
      out.println(
          "peak memory"
              + (bench == null ? "" : " against the reference")
              + " (a fresh process per config and thread count, its peak resident set):");
      lines.forEach(l -> out.println("  " + l));
    }
    return 0;
  }

  /**
   * One round: at each thread count the reference's configs (one bench.py process), then Engram's,
   * each row printed as it is measured and each pair of a config added to {@code pairs}.
   */
  private void measureRound(
      List<Integer> threads,
      String configs,
      Path bench,
      String referenceConfigs,
      double seconds,
      double warmup,
      double maxWarmup,
      Map<String, List<double[]>> pairs)
      throws IOException, InterruptedException {
    for (int t : threads) {
      Map<String, Double> ref =
          bench == null || referenceConfigs.isEmpty()
              ? Map.of()
              : runReference(bench, t, seconds, referenceConfigs);
      for (String c : configs.split(",")) {
        MetaUpdateBench.Row r = MetaUpdateBench.measure(c.trim(), t, seconds, warmup, maxWarmup);
        out.printf(
            Locale.ROOT,
            "engram    %-8s threads %d: %8.3f upd/s %9.1f ms/upd %9.1f cpu-ms/upd %7.2f GFLOP/s"
                + "  peak RSS %5.0f MB, heap %4.0f MB, off-heap %4.0f MB; warm-up %.0f s%s, JIT"
                + " %.1f%% of the measured time%n",
            r.config(),
            t,
            r.updatesPerSecond(),
            1e3 / r.updatesPerSecond(),
            r.cpuMillisPerUpdate(),
            r.gflopPerUpdate() / 1e9 * r.updatesPerSecond(),
            r.peakResidentBytes() / 1e6,
            r.peakHeapBytes() / 1e6,
            r.peakOffHeapBytes() / 1e6,
            r.warmUp().seconds(),
            r.warmUp().quiet() ? "" : " (the JIT still busy: " + percent(r.warmUp()) + ")",
            100 * r.jitShare());
        Double refUps = ref.get(r.config());
        if (refUps != null) {
          String key = String.format(Locale.ROOT, "%-8s threads %d", r.config(), t);
          pairs
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(new double[] {r.updatesPerSecond(), refUps});
        }
      }
    }
  }

  /**
   * The ratio line of one config and thread count from its rounds' {engram, reference} updates per
   * second: the pair itself after one round; after several, the median of the rounds' ratios (the
   * mean of the middle two for an even count), every round's ratio, and each side's median speed.
   */
  static String ratioLine(String key, List<double[]> rounds) {
    if (rounds.size() == 1) {
      double[] p = rounds.get(0);
      return String.format(
          Locale.ROOT,
          "%s: engram %.3f upd/s, reference %.3f upd/s, ratio %.2fx",
          key,
          p[0],
          p[1],
          p[0] / p[1]);
    }
    List<Double> ratios = rounds.stream().map(p -> p[0] / p[1]).toList();
    List<String> each = new ArrayList<>();
    for (double r : ratios) {
      each.add(String.format(Locale.ROOT, "%.2fx", r));
    }
    return String.format(
        Locale.ROOT,
        "%s: ratio %.2fx, the median of %d rounds (%s); engram %.3f upd/s, reference %.3f upd/s"
            + " (medians)",
        key,
        Measurement.median(ratios),
        rounds.size(),
        String.join(", ", each),
        Measurement.median(rounds.stream().map(p -> p[0]).toList()),
        Measurement.median(rounds.stream().map(p -> p[1]).toList()));
  }

  /**
   * {@code python [pythonArgs...] bench.py --threads T --seconds S --configs C} in bench.py's
   * directory, with one OpenBLAS thread unless the environment names a count (see below).
   */
  static ProcessBuilder referenceCommand(
      String python,
      List<String> pythonArgs,
      Path bench,
      int threads,
      double seconds,
      String configs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(python);
    cmd.addAll(pythonArgs);
    cmd.addAll(
        List.of(
            bench.getFileName().toString(),
            "--threads",
            Integer.toString(threads),
            "--seconds",
            Double.toString(seconds),
            "--configs",
            configs));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(bench.getParent().toFile());
    // PyTorch's own threads (bench.py's --threads) do the parallel work; an OpenBLAS built with
    // its own thread pool (Debian's libopenblas0-pthread) ignores them and sizes that pool from
    // OPENBLAS_NUM_THREADS, else OMP_NUM_THREADS, else the machine. A second pool on top of
    // PyTorch's oversubscribes the cores: on the Zen 3 VM bench.py's default took 2,349 ms per
    // update at --threads 2 with OPENBLAS_NUM_THREADS=2 against 811 ms with one OpenBLAS thread,
    // and 1,157-1,243 against 927-972 ms at --threads 1. So the reference gets its fastest setting
    // unless the user chose one.
    pb.environment().putIfAbsent(OPENBLAS_THREADS, "1");
    if (System.getenv("ENGRAM_DEFAULT_OMP_WAIT_POLICY") != null) {
      // bin/engram's default for Engram's own threads, not the user's: not the reference's either.
      pb.environment().remove("OMP_WAIT_POLICY");
    }
    return pb;
  }

  /** Runs {@code bench.py} and returns updates per second by config name. */
  private Map<String, Double> runReference(Path bench, int threads, double seconds, String configs)
      throws IOException, InterruptedException {
    ProcessBuilder pb = referenceCommand(python, List.of(), bench, threads, seconds, configs);
    EchoedProcess p = EchoedProcess.run(pb, out, "reference ");
    Map<String, Double> ups = new LinkedHashMap<>();
    for (String line : p.lines()) {
      String[] f = line.trim().split("\\s+");
      // Rows: config N syn T params upd/s ms/upd GFLOP/upd GFLOP/s
      if (f.length == 9 && MetaUpdateBenchConfigs.NAMES.contains(f[0])) {
        ups.put(f[0], Double.parseDouble(f[5]));
      }
    }
    if (p.exitCode() != 0) {
      out.println(
          "reference bench.py exited with "
              + p.exitCode()
              + " (is PyTorch installed for "
              + python
              + "? --python names another interpreter; on Debian and Ubuntu,"
              + " apt-get install python3-torch libopenblas0-pthread installs it for"
              + " /usr/bin/python3, with an optimised BLAS)");
    }
    return ups;
  }

  /**
   * The interpreter that runs {@code bench.py} unless {@code --python} names one: the system's
   * {@code /usr/bin/python3} where there is one (a user's virtual environment on the PATH often
   * lacks PyTorch), else {@code python3} on the PATH.
   */
  private static String defaultPython() {
    return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }

  private static String percent(JitWarmUp.Result warmUp) {
    return Double.isNaN(warmUp.lastJitShare())
        ? "no full interval yet"
        : String.format(Locale.ROOT, "%.0f%% of the last interval", 100 * warmUp.lastJitShare());
  }

  private static int parsePositive(String key, String value) {
    try {
      int v = Integer.parseInt(value.trim());
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(key + " must be a positive integer, got '" + value + "'");
  }

  /** The config names bench.py and MetaUpdateBench share. */
  private static final class MetaUpdateBenchConfigs {
    static final Set<String> NAMES = Set.of("small", "default", "large");
  }
}
