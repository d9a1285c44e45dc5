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
 */
public record RunOptions(
    String output, boolean retryFailed, List<String> commandLine, PrintStream out) {

  public RunOptions {
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("--output must not be blank");
    }
    commandLine = List.copyOf(commandLine);
  }
}
