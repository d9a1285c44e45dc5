package org.engram.driver.cli;

/** A command line the driver cannot act on; the message says what is wrong. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
