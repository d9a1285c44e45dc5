package org.engram.driver.run;

import java.util.List;

/**
 * What a run did.
 *
 * @param runId the run's id
 * @param gridTrials trials in the grid
 * @param skippedOk trials not run: they already had an OK row
 * @param skippedFailed trials not run: they had a FAILED row and failures were not retried
 * @param outcomes the trials this run submitted, in grid order
 */
public record RunReport(
    String runId, int gridTrials, int skippedOk, int skippedFailed, List<TrialOutcome> outcomes) {

  public RunReport {
    outcomes = List.copyOf(outcomes);
  }

  /** Trials this run computed (not those an earlier attempt had already committed). */
  public long computed() {
    return outcomes.stream().filter(o -> !o.reused()).count();
  }

  /** Trials this run ended with the given status. */
  public long count(String status) {
    return outcomes.stream().filter(o -> o.status().equals(status)).count();
  }
}
