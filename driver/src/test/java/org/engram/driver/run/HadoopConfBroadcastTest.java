package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A session's runs share one broadcast of the Hadoop configuration while it is unchanged, and a
 * changed configuration gets a new one. (Not tested through a run: in one JVM, as with {@code
 * local[N]}, the tasks' local file system is the driver's, configured by its first caller; and an
 * executor JVM's keeps the configuration of its first run, as Hadoop's own cache does.)
 */
class HadoopConfBroadcastTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = TestSessions.loopback("local[2]", "engram-conf-broadcast-test").getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void anUnchangedConfigurationIsBroadcastOnce() {
    Configuration hadoop = new Configuration(spark.sparkContext().hadoopConfiguration());
    Broadcast<SerializableConf> first = HadoopConfBroadcast.of(jsc, hadoop);
    // An equal configuration in another object, as each run reads the session's again.
    Broadcast<SerializableConf> second = HadoopConfBroadcast.of(jsc, new Configuration(hadoop));
    assertSame(first, second);
    assertEquals(first.id(), second.id());
  }

  @Test
  void aChangedConfigurationGetsANewBroadcastAndTheOldOneStaysReadable() {
    Configuration hadoop = new Configuration(spark.sparkContext().hadoopConfiguration());
    hadoop.unset("engram.test.marker");
    Broadcast<SerializableConf> before = HadoopConfBroadcast.of(jsc, hadoop);
    hadoop.set("engram.test.marker", "changed");
    Broadcast<SerializableConf> after = HadoopConfBroadcast.of(jsc, hadoop);
    assertNotEquals(before.id(), after.id());
    assertEquals("changed", after.value().get().get("engram.test.marker"));
    // A run still going with the old one can read it (unpersisted, not destroyed).
    assertNull(before.value().get().get("engram.test.marker"));
    // The broadcast is a copy: later changes to the session's configuration do not reach it.
    hadoop.set("engram.test.marker", "later");
    assertEquals("changed", after.value().get().get("engram.test.marker"));
  }
}
