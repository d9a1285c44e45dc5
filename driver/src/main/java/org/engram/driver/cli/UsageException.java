package org.engram.driver.cli;

/** A command line the driver cannot act on; the message says what is wrong. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean showUsage;

  public UsageException(String message) {
    this(message, false);
  }

  /** With {@code showUsage}, the whole usage text follows the message (an unknown command). */
  public UsageException(String message, boolean showUsage) {
    super(message);
    this.showUsage = showUsage;
  }

  boolean showUsage() {
    return showUsage;
  }
}
