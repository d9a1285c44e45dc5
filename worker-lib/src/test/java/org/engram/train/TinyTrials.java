package org.engram.train;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.engram.spec.EvalSpec;
import org.engram.spec.NetworkSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.Precision;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.engram.spec.Topology;
import org.engram.spec.TrainSpec;
import org.engram.spec.TrialSpec;

/** Tiny trials that run in about a second, for behaviour tests of training and evaluation. */
final class TinyTrials {
  private TinyTrials() {}

  static TrialSpec spec(NetworkType type, int steps, long seed) {
    NetworkSpec net =
        new NetworkSpec(type, Topology.DENSE, 0.5, 4, 1, 4, 2, 2, 8, 8, 0.1, -2.0, 0.01, 0.1);
    TaskSpec task = new TaskSpec(TaskKind.AUTOASSOC, 4, 4, 3, 2, 1, 1, 0, 0, 0.5, 4);
    TrainSpec train =
        new TrainSpec(
            steps, 4, 1e-2, 1e-3, 1.0, 0.9, 0.999, 1e-8, false, 0.9, 5, 0, 5, Precision.FLOAT32);
    return new TrialSpec(net, task, train, new EvalSpec(List.of(1, 2), 8, 1), seed);
  }

  /** A checkpoint store in memory that counts saves. */
  static final class MemoryStore implements CheckpointStore {
    final Map<String, byte[]> saved = new HashMap<>();
    private final double minSecondsBetweenSaves;
    int saves;

    /** A store that takes every checkpoint that is due. */
    MemoryStore() {
      this(0);
    }

    /** A store that wants its checkpoints at least {@code minSecondsBetweenSaves} apart. */
    MemoryStore(double minSecondsBetweenSaves) {
      this.minSecondsBetweenSaves = minSecondsBetweenSaves;
    }

    @Override
    public double minSecondsBetweenSaves() {
      return minSecondsBetweenSaves;
    }

    @Override
    public Optional<byte[]> load(String trialId) {
      return Optional.ofNullable(saved.get(trialId));
    }

    @Override
    public void save(String trialId, byte[] checkpoint) throws IOException {
      saves++;
      saved.put(trialId, checkpoint.clone());
    }

    @Override
    public void delete(String trialId) {
      saved.remove(trialId);
    }
  }
}
