package org.engram.driver.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench --memory}: the peak memory of one config's meta-updates, Engram against the PyTorch
 * reference, each side measured alone in a fresh process, the way {@code /usr/bin/time -v} would.
 *
 * <ul>
 *   <li>Engram: this JVM's command line again ({@code bench --configs C --threads T}), whose one
 *       row reports its peak resident set (VmHWM, ND4J's off-heap buffers included).
 *   <li>The reference: {@code bench.py --configs C --threads T} run by a small Python wrapper that
 *       prints the process's peak resident set at the end, whatever bench.py did.
 * </ul>
 */
final class PeakMemory {
  private static final Pattern ENGRAM_PEAK = Pattern.compile("peak RSS\\s+(\\d+) MB");
  private static final String REFERENCE_PEAK = "engram-peak-rss-kb ";

  /**
   * Runs bench.py as __main__ with the given arguments, then prints its peak RSS in kB: VmHWM, not
   * {@code ru_maxrss}, which a process started from a JVM begins with the JVM's resident set (the
   * spawn's exec records the shared address space's peak; measured: 736 MB for a script of 80).
   */
  private static final String WRAPPER =
      String.join(
          "\n",
          "import resource, runpy, sys",
          "def peak_kb():",
          "    try:",
          "        for line in open('/proc/self/status'):",
          "            if line.startswith('VmHWM:'):",
          "                return int(line.split()[1])",
          "    except OSError:",
          "        pass",
          "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss",
          "sys.argv = sys.argv[1:]",
          "try:",
          "    runpy.run_path(sys.argv[0], run_name='__main__')",
          "finally:",
          "    print('" + REFERENCE_PEAK + "%d' % peak_kb(), flush=True)");

  private final PrintStream out;
  private final String python;
  private final Path referenceBench; // null: Engram only
  private final double seconds;
  private final double warmup;
  private final double maxWarmup;

  PeakMemory(
      PrintStream out,
      String python,
      Path referenceBench,
      double seconds,
      double warmup,
      double maxWarmup) {
    this.out = out;
    this.python = python;
    this.referenceBench = referenceBench;
    this.seconds = seconds;
    this.warmup = warmup;
    this.maxWarmup = maxWarmup;
  }

  /** Measures both sides for one config and thread count; returns the line to print. */
  String compare(String config, int threads) throws IOException, InterruptedException {
    long engram = engramPeakBytes(config, threads);
    String line =
        String.format(
            Locale.ROOT, "%-8s threads %d: engram %.0f MB", config, threads, engram / 1e6);
    if (referenceBench == null) {
      return line;
    }
    OptionalLong reference = referencePeakBytes(config, threads);
    if (reference.isEmpty()) {
      return line + ", reference: no peak (bench.py failed; its output is above)";
    }
    return line
        + String.format(
            Locale.ROOT,
            ", reference %.0f MB, ratio %.2fx",
            reference.getAsLong() / 1e6,
            (double) engram / reference.getAsLong());
  }

  private long engramPeakBytes(String config, int threads)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(
        List.of(
            "bench",
            "--configs",
            config,
            "--threads",
            Integer.toString(threads),
            "--seconds",
            Long.toString(Math.round(seconds)),
            "--warmup",
            Long.toString(Math.round(warmup)),
            "--warmup-max",
            Long.toString(Math.round(maxWarmup))));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    List<String> lines = run(pb, "  [memory run, engram] ");
    for (String l : lines) {
      Matcher m = ENGRAM_PEAK.matcher(l);
      if (l.startsWith("engram ") && m.find()) {
        return Long.parseLong(m.group(1)) * 1_000_000L;
      }
    }
    throw new IllegalStateException(
        "bench --memory: the Engram process for "
            + config
            + " at "
            + threads
            + " threads printed no peak RSS (its output is above)");
  }

  private OptionalLong referencePeakBytes(String config, int threads)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        BenchCommand.referenceCommand(
            python, List.of("-c", WRAPPER), referenceBench, threads, seconds, config);
    for (String l : run(pb, "  [memory run, reference] ")) {
      if (l.startsWith(REFERENCE_PEAK)) {
        return OptionalLong.of(Long.parseLong(l.substring(REFERENCE_PEAK.length()).trim()) * 1024);
      }
    }
    return OptionalLong.empty();
  }

  /** Runs a process to its end, echoing its output with a prefix; returns its lines. */
  private List<String> run(ProcessBuilder pb, String prefix)
      throws IOException, InterruptedException {
    EchoedProcess p = EchoedProcess.run(pb, out, prefix);
    if (p.exitCode() != 0) {
      out.println(prefix + "exited with " + p.exitCode());
    }
    return p.lines();
  }
}
