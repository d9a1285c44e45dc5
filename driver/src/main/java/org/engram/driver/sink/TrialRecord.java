package org.engram.driver.sink;

import org.engram.result.TrialResult;

/**
 * Everything the tables hold about one finished trial: the worker's result plus where and when it
 * ran.
 *
 * @param runId the run that computed it
 * @param trialId the trial's content id
 * @param specJson the spec's canonical JSON
 * @param result the worker's result (its provenance must be set)
 * @param projectVersion the Maven version of the code that ran it
 * @param executorId Spark executor id and JVM ({@code id/pid@host}) that ran it
 * @param taskAttempt Spark's attempt number of the task (0 for the first)
 * @param wallSeconds wall time of the trial in the task, in seconds
 * @param finishedAtMillis when it finished, UTC epoch milliseconds
 */
public record TrialRecord(
    String runId,
    String trialId,
    String specJson,
    TrialResult result,
    String projectVersion,
    String executorId,
    int taskAttempt,
    double wallSeconds,
    long finishedAtMillis) {

  public TrialRecord {
    if (result == null || result.provenance() == null || result.status() == null) {
      throw new IllegalArgumentException(
          "trial " + trialId + " needs a result with a status and provenance");
    }
  }
}
