package org.engram.driver.grid;

import java.util.HashMap;
import java.util.Map;
import org.engram.model.NetworkStructure;
import org.engram.runtime.Seeds;
import org.engram.spec.Topology;
import org.engram.spec.TrialSpec;

/**
 * The checks a spec's records cannot make alone because they need the network's structure: {@code
 * task.recallSteps} against the topology's minimum, and an output that no input reaches. Run on
 * every expanded trial, so such a grid fails before Spark starts instead of as FAILED rows after
 * hours on a cluster. The worker makes the same check ({@code TrialSetup}); this one only moves it
 * earlier.
 */
final class StructureCheck {
  /** Minimum recall steps by structure: most grids repeat a few structures across many trials. */
  private final Map<String, Integer> minimum = new HashMap<>();

  /**
   * @throws IllegalArgumentException naming the key, as the worker would
   */
  void check(TrialSpec spec) {
    // A sparse mask is drawn from the trial's seed; the other topologies do not depend on it.
    long maskSeed = Seeds.derive(spec.seed(), "mask");
    String key =
        spec.network()
            + "|"
            + spec.task().dataSize()
            + "|"
            + spec.task().outputSize()
            + (spec.network().topology() == Topology.SPARSE ? "|" + maskSeed : "");
    Integer min = minimum.get(key);
    if (min == null) {
      min = NetworkStructure.build(spec.network(), spec.task(), maskSeed).minRecallSteps();
      minimum.put(key, min);
    }
    int configured = spec.task().recallSteps();
    if (configured != org.engram.spec.TaskSpec.AUTO_RECALL_STEPS && configured < min) {
      // The worker's own wording (NetworkStructure.resolveRecallSteps), so both read the same.
      NetworkStructure.build(spec.network(), spec.task(), maskSeed).resolveRecallSteps(configured);
    }
  }
}
