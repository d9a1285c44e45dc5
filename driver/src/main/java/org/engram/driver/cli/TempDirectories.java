package org.engram.driver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The throw-away outputs of {@code bench-spark} and {@link ClassArchiveTraining}. */
final class TempDirectories {
  private TempDirectories() {}

  /** Deletes {@code dir} and everything under it, deepest first. */
  static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
