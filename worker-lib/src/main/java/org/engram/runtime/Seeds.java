package org.engram.runtime;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Sub-seeds derived from one trial seed, one per consumer ("birth-noise", "snippets", "mask",
 * "init", "eval/K=4", ...), so that consumers draw independent streams and adding a consumer never
 * shifts another's numbers (ARCHITECTURE.md, "Trial identity, seeds, provenance").
 *
 * <p>A sub-seed depends only on the trial seed and the consumer's name: the name is hashed with
 * 64-bit FNV-1a over its UTF-8 bytes (a fixed, platform-independent function) and mixed with the
 * seed by the SplitMix64 finaliser, so sub-seeds are the same on every JVM and platform. There is
 * no global random state: several trials may run in one JVM.
 */
public final class Seeds {
  /** The golden-ratio increment of SplitMix64. */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private static final long FNV_OFFSET = 0xCBF29CE484222325L;
  private static final long FNV_PRIME = 0x100000001B3L;

  private Seeds() {}

  /**
   * The sub-seed of consumer {@code name} under {@code trialSeed}. Never 0, because ND4J treats a
   * seed of 0 as "unseeded" and would not reproduce.
   *
   * @throws IllegalArgumentException if {@code name} is null or empty
   */
  public static long derive(long trialSeed, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          "seed consumer name must be non-empty, got '" + name + "'");
    }
    // Two rounds of mixing: the first spreads the seed, the second combines it with the name's
    // hash, so nearby seeds and nearby names both give unrelated sub-seeds.
    long z = mix64(mix64(trialSeed + GOLDEN_GAMMA) ^ fnv1a64(name));
    return z != 0 ? z : GOLDEN_GAMMA;
  }

  /** The sub-seed of the {@code index}-th member of a family, e.g. lifetime 3 of "birth-noise". */
  public static long derive(long trialSeed, String name, long index) {
    return derive(trialSeed, name + "#" + index);
  }

  /** A fresh generator seeded with {@link #derive(long, String)}. */
  public static SplittableRandom random(long trialSeed, String name) {
    return new SplittableRandom(derive(trialSeed, name));
  }

  /** The SplitMix64 finaliser (Steele, Lea and Flood 2014): a bijection of 64-bit values. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * 64-bit FNV-1a of the UTF-8 bytes of {@code s}: specified bit for bit, unlike hashCode's mix.
   */
  static long fnv1a64(String s) {
    long h = FNV_OFFSET;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= FNV_PRIME;
    }
    return h;
  }
}
