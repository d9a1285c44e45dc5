package org.engram.driver.run;

import java.io.Serializable;

/**
 * What a Spark task returns to the driver once the trial's rows are committed.
 *
 * @param trialId the trial's content id
 * @param status OK or FAILED
 * @param error the failure's reason, null if OK
 * @param wallSeconds the trial's wall time
 * @param executorId the executor and JVM that ran it
 * @param reused true if an earlier attempt of this run had already committed it (nothing ran)
 */
public record TrialOutcome(
    String trialId,
    String status,
    String error,
    double wallSeconds,
    String executorId,
    boolean reused)
    implements Serializable {}
