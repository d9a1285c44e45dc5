package org.engram.probe;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.model.MetaParameters;
import org.engram.spec.EvalSpec;
import org.engram.spec.NetworkSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.Precision;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.engram.spec.Topology;
import org.engram.spec.TrainSpec;
import org.engram.spec.TrialSpec;
import org.engram.train.TrialSetup;

/** Small float64 networks with every meta-parameter random, so that probes see a rich rule. */
final class ProbeFixtures {
  private ProbeFixtures() {}

  static TrialSpec spec(NetworkType type, Topology topology, int hidden) {
    NetworkSpec net =
        new NetworkSpec(type, topology, 0.5, hidden, 1, 4, 2, 2, 8, 8, 0.1, -2.0, 0.01, 0.1);
    TaskSpec task = new TaskSpec(TaskKind.AUTOASSOC, 4, 4, 2, 2, 1, 1, 0, 0, 0.5, 4);
    TrainSpec train =
        new TrainSpec(
            3, 4, 1e-2, 1e-3, 1.0, 0.9, 0.999, 1e-8, false, 0.9, 5, 0, 5, Precision.FLOAT64);
    return new TrialSpec(net, task, train, new EvalSpec(List.of(1, 2), 6, 1), 7);
  }

  static TrialSetup setup(NetworkType type) {
    return TrialSetup.of(spec(type, Topology.DENSE, 4));
  }

  static TrialSetup randomized(NetworkType type, double sigma, long seed) {
    return randomized(spec(type, Topology.DENSE, 4), sigma, seed);
  }

  /** The spec's setup with theta replaced by N(0, sigma) draws. */
  static TrialSetup randomized(TrialSpec spec, double sigma, long seed) {
    TrialSetup setup = TrialSetup.of(spec);
    MetaParameters theta = setup.theta();
    SplittableRandom rng = new SplittableRandom(seed);
    for (long k = 0; k < theta.flat().length(); k++) {
      theta.flat().putScalar(k, sigma * rng.nextGaussian());
    }
    return setup;
  }
}
