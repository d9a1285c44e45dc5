package org.engram.driver.run;

import java.io.PrintStream;
import java.util.List;

/**
 * Per-invocation options of a run.
 *
 * @param output the output directory: a local path or any Hadoop URI
 * @param retryFailed whether trials with a FAILED row run again (their row is then replaced)
 * @param commandLine the arguments, for the manifest
 * @param out where progress goes
 * @param maxWorkers with {@code run.scheduling = queue}, the most workers (trials at once) the run
 *     submits, or {@link #ALL_SLOTS}: a worker per slot. {@code bench-spark --interleave} runs a
 *     grid on one executor of a session of two this way, between runs on both
 */
public record RunOptions(
    String output, boolean retryFailed, List<String> commandLine, PrintStream out, int maxWorkers) {

  /** {@code maxWorkers}: a worker per slot the session has. */
  public static final int ALL_SLOTS = 0;

  public RunOptions {
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("--output must not be blank");
    }
    if (maxWorkers < ALL_SLOTS) {
      throw new IllegalArgumentException(
          "maxWorkers must be >= 1, or " + ALL_SLOTS + " for every slot, got " + maxWorkers);
    }
    commandLine = List.copyOf(commandLine);
  }

  /** Options with a worker per slot. */
  public RunOptions(String output, boolean retryFailed, List<String> commandLine, PrintStream out) {
    this(output, retryFailed, commandLine, out, ALL_SLOTS);
  }
}
