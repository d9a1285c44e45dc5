package org.engram.driver.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process of {@code bench} (the reference's bench.py, a fresh Engram JVM) run to its end,
 * its output echoed line by line with a prefix, so the user sees it as it comes.
 *
 * @param lines what it printed (stdout and stderr, merged)
 * @param exitCode its exit status
 */
record EchoedProcess(List<String> lines, int exitCode) {

  static EchoedProcess run(ProcessBuilder pb, PrintStream out, String prefix)
      throws IOException, InterruptedException {
    Process p = pb.redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        out.println(prefix + line);
      }
    }
    return new EchoedProcess(lines, p.waitFor());
  }
}
