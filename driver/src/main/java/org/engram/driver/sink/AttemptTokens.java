package org.engram.driver.sink;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens that make a temporary file's name private to one attempt of a write: a random id drawn
 * once per JVM, and a count. Unique across JVMs by the id and within one by the count, as a random
 * UUID per file would be, without a draw from the JVM's strong random source for every file (a
 * commit names four, on the commit thread of a one-core executor).
 */
public final class AttemptTokens {
  private static final String JVM = UUID.randomUUID().toString();
  private static final AtomicLong COUNT = new AtomicLong();

  private AttemptTokens() {}

  /** A token no other call, in this JVM or another, returns. */
  public static String next() {
    return JVM + "-" + COUNT.incrementAndGet();
  }
}
