package org.engram.driver.sink;

import java.util.List;

/**
 * Files of the result tables that cannot be read (truncated, not Parquet). Nothing is repaired or
 * overwritten: the files may be the only copy of hours of training, so the user decides.
 */
public final class CorruptTableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CorruptTableException(List<String> files) {
    super(
        "unreadable result file"
            + (files.size() == 1 ? "" : "s")
            + ": "
            + String.join("; ", files)
            + ". Nothing was changed: move "
            + (files.size() == 1 ? "it" : "them")
            + " out of the output to run "
            + (files.size() == 1 ? "its trial" : "their trials")
            + " again, or restore "
            + (files.size() == 1 ? "it" : "them")
            + " from a copy");
  }
}
