package org.engram.driver.run;

import java.io.Serializable;

/**
 * What a Spark task receives: one trial. The spec travels as its canonical JSON, which the task
 * parses (and so validates) again.
 *
 * @param trialId the trial's content id
 * @param index the trial's position in the grid
 * @param specJson the spec's canonical JSON
 */
public record TrialJob(String trialId, int index, String specJson) implements Serializable {}
