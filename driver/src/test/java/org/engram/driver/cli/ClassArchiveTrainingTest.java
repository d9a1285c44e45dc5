package org.engram.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The workload bin/engram records its class archive from: if it stopped working (say the smoke
 * config lost a key it overrides), bin/engram would only print that it goes on without an archive,
 * and every command would quietly start slower.
 */
class ClassArchiveTrainingTest {

  @Test
  void runsTheCommandsOnTheSmokeConfigAndLeavesNothingBehind() throws IOException {
    Path smoke = Path.of(System.getProperty("user.dir")).getParent().resolve("conf/smoke.conf");
    Set<Path> before = outputs();

    assertEquals(0, ClassArchiveTraining.train(smoke.toString()));

    assertEquals(before, outputs());
  }

  private static Set<Path> outputs() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("engram-class-archive-"))
          .collect(Collectors.toSet());
    }
  }
}
