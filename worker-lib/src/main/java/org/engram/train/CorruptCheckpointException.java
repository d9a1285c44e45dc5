package org.engram.train;

/** A checkpoint that is truncated, corrupt or of another format: never silently restored. */
public final class CorruptCheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  public CorruptCheckpointException(String message) {
    super(message);
  }
}
