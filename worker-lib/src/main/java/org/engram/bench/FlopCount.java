package org.engram.bench;

import org.engram.spec.NetworkSpec;
import org.engram.spec.TaskSpec;

/**
 * Analytic matrix-product FLOPs of one meta-update, counted exactly as the PyTorch reference's
 * {@code flops_per_update} (2 per multiply-add, forward times 3 for the backward pass; the message
 * over N x N slots, the synapse rule over the (N - D - 2) x N receiving rows), so that GFLOP/s are
 * comparable.
 */
final class FlopCount {
  private FlopCount() {}

  static double perUpdate(NetworkSpec net, TaskSpec task, int windowSteps, int batch) {
    long d = task.dataSize();
    long dOut = task.outputSize();
    long a = net.activationSize();
    long s = net.effectiveSynapseSize();
    long e = net.embeddingSize();
    long ha = net.activationHidden();
    long hs = net.synapseHidden();
    long n = d + 2 + dOut + net.hidden();
    long r = n - d - 2;
    double f = 2.0 * n * n * s * a + 2.0 * n * s * a * a;
    f += 2.0 * n * (2 * a + 1 + e) * ha + 2.0 * n * ha * 2 * a;
    f += 2.0 * dOut * a;
    if (net.type().hasLearnedSynapseRule()) {
      f += 2.0 * r * n * s * hs + 2.0 * (r + n) * (a + e) * hs + 2.0 * r * n * hs * 2 * s;
    }
    return 3 * f * windowSteps * batch;
  }
}
