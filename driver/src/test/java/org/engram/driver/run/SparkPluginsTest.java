package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Engram's plugins join a user's {@code spark.plugins}, once. */
class SparkPluginsTest {
  private static final String PIN = CorePinningPlugin.class.getName();
  private static final String WARM = WarmUpPlugin.class.getName();

  @Test
  void addsAPluginOnceAndKeepsTheOthers() {
    assertEquals(PIN, SparkPlugins.adding(null, CorePinningPlugin.class));
    assertEquals(PIN, SparkPlugins.adding("", CorePinningPlugin.class));
    assertEquals("a.B," + PIN, SparkPlugins.adding("a.B", CorePinningPlugin.class));
    assertEquals(
        WARM + "," + PIN,
        SparkPlugins.adding(WarmUpPlugin.withThisPlugin(null), CorePinningPlugin.class));
    assertEquals(
        "a.B, " + PIN + ",c.D",
        SparkPlugins.adding("a.B, " + PIN + ",c.D", CorePinningPlugin.class));
  }
}
