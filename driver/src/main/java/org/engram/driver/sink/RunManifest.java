package org.engram.driver.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The manifest of one run, written as {@code runs/<run_id>.json} when the run starts and again when
 * it ends (fields in snake_case).
 *
 * @param runId the run's id: start time and a random suffix
 * @param name {@code run.name}
 * @param state {@code running}, {@code finished} or {@code failed}
 * @param source the experiment file
 * @param commandLine the driver's arguments
 * @param master the Spark master
 * @param output the output directory
 * @param startedAt ISO-8601 UTC
 * @param finishedAt ISO-8601 UTC, null while running
 * @param gridTrials trials in the grid
 * @param skipped trials not run because they already had a row, by status
 * @param submitted trials submitted to Spark
 * @param counts rows written by this run, by status
 * @param retryFailed whether FAILED trials were run again
 * @param versions code version, project version, git commit, Java, Spark
 * @param error why the run failed, if it did
 * @param config the resolved config (defaults plus overrides)
 */
public record RunManifest(
    String runId,
    String name,
    String state,
    String source,
    List<String> commandLine,
    String master,
    String output,
    String startedAt,
    String finishedAt,
    int gridTrials,
    Map<String, Integer> skipped,
    int submitted,
    Map<String, Integer> counts,
    boolean retryFailed,
    Map<String, String> versions,
    String error,
    JsonNode config) {}
