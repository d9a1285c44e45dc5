package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The executor warm-up: what it registers, and that it runs and leaves nothing behind. */
class WarmUpPluginTest {
  private static final String ME = WarmUpPlugin.class.getName();

  @Test
  void addsItselfOnceToTheSessionsPlugins() {
    assertEquals(ME, WarmUpPlugin.withThisPlugin(null));
    assertEquals(ME, WarmUpPlugin.withThisPlugin(" "));
    assertEquals("a.B," + ME, WarmUpPlugin.withThisPlugin("a.B"));
    assertEquals("a.B, " + ME, WarmUpPlugin.withThisPlugin("a.B, " + ME));
    SparkConf conf = new SparkConf(false).set("spark.plugins", "a.B");
    WarmUpPlugin.register(conf);
    WarmUpPlugin.register(conf);
    assertEquals("a.B," + ME, conf.get("spark.plugins"));
  }

  @Test
  void warmsUpNd4jAndTheCommitAndDeletesItsDirectory() throws IOException {
    List<Path> before = warmUpDirs();
    String summary = WarmUpPlugin.run(new Configuration());
    assertTrue(
        summary.matches("\\d+ ms: ND4J \\(\\S+\\) \\d+ ms, [1-9]\\d* commits \\d+ ms"), summary);
    assertTrue(!summary.contains("unknown"), "ND4J's backend loaded: " + summary);
    assertEquals(before, warmUpDirs(), "its temporary output is gone");
  }

  private static List<Path> warmUpDirs() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("engram-warm-up-"))
          .sorted()
          .toList();
    }
  }
}
