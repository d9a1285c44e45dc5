package org.engram.driver.run;

import org.apache.spark.api.plugin.SparkPlugin;

/** The {@code spark.plugins} list: Engram's plugins are added to a user's, never replace them. */
public final class SparkPlugins {
  private SparkPlugins() {}

  /**
   * {@code plugins} (a comma-separated list of class names, possibly empty or null) with {@code
   * plugin} added at the end, unless it is there already.
   */
  public static String adding(String plugins, Class<? extends SparkPlugin> plugin) {
    String name = plugin.getName();
    if (plugins == null || plugins.isBlank()) {
      return name;
    }
    for (String p : plugins.split(",")) {
      if (p.trim().equals(name)) {
        return plugins;
      }
    }
    return plugins + "," + name;
  }
}
