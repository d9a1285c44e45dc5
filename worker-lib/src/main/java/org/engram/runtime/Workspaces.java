package org.engram.runtime;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J workspaces for the repeated units of work (one meta-step, one evaluation window). Without
 * them every op allocates fresh off-heap memory that only the garbage collector frees: memory grows
 * to gigabytes and fresh pages cost more than the arithmetic. A workspace learns its size in the
 * first iteration and then serves every allocation of an iteration from one reused block.
 * Workspaces are per thread, so trials running side by side in one JVM do not share them. Arrays
 * that must outlive the iteration are {@code detach()}ed.
 */
public final class Workspaces {
  private static final WorkspaceConfiguration ITERATION =
      WorkspaceConfiguration.builder()
          .initialSize(0)
          .policyLearning(LearningPolicy.FIRST_LOOP)
          .policyAllocation(AllocationPolicy.OVERALLOCATE)
          .overallocationLimit(0.1)
          .policySpill(SpillPolicy.REALLOCATE)
          .build();

  private Workspaces() {}

  /** Opens the workspace of one iteration; close it (try-with-resources) at the iteration's end. */
  public static MemoryWorkspace iteration(String id) {
    return Nd4j.getWorkspaceManager().getAndActivateWorkspace(ITERATION, id);
  }
}
