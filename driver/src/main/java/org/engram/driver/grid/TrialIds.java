package org.engram.driver.grid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.engram.runtime.BuildInfo;
import org.engram.runtime.SpecJson;
import org.engram.spec.TrialSpec;

/**
 * A trial's content id: the first 16 hex digits (64 bits) of SHA-256 over the spec's canonical
 * JSON, a newline and the code version that changes results. The same spec gives the same id on
 * every machine, so resume and grid extension are "run the ids that have no row".
 */
public final class TrialIds {

  /** Hex digits kept: 64 bits, so a collision within any realistic grid is negligible. */
  public static final int LENGTH = 16;

  private TrialIds() {}

  /** The id of a spec under the current code version. */
  public static String of(TrialSpec spec) {
    return of(SpecJson.write(spec), BuildInfo.CODE_VERSION);
  }

  /** The id of a canonical spec JSON under a code version. */
  public static String of(String specJson, String codeVersion) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(specJson.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      sha.update(codeVersion.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest()).substring(0, LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
