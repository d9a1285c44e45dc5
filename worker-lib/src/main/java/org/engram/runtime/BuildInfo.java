package org.engram.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What code produced a result. {@link #CODE_VERSION} is part of every trial id, so it must change
 * whenever a change to the code changes results (and only then): bump it by hand. The project
 * version and git commit are written into a resource at build time and are provenance only.
 */
public final class BuildInfo {

  /** The version of the code that changes results; bump it when results change. */
  public static final String CODE_VERSION = "engram-model-v1";

  private static final String UNKNOWN = "unknown";
  private static final Properties PROPS = load();

  private BuildInfo() {}

  /** The code version that changes results, e.g. {@code engram-model-v1}. */
  public static String codeVersion() {
    return CODE_VERSION;
  }

  /** The Maven project version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown}. */
  public static String projectVersion() {
    return value("project.version");
  }

  /** The git commit the build was made from, or {@code unknown} (no git, or not a checkout). */
  public static String gitCommit() {
    return value("git.commit");
  }

  private static String value(String key) {
    String v = PROPS.getProperty(key, "").trim();
    // An unfiltered resource (e.g. run from an IDE without Maven) still holds the placeholder.
    return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build-info.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read build-info.properties", e);
    }
    return p;
  }
}
