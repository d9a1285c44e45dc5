package org.engram.model;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.engram.spec.NetworkSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.TaskSpec;
import org.engram.spec.Topology;

/**
 * The static structure of one network (MODEL.md section 2): neuron order, types, input channels and
 * the connectivity mask.
 *
 * <p>Neurons are ordered {@code [input x D | store | recall | output x Dout | hidden x H]}. Neuron
 * {@code i < Din = D + 2 + Dout} reads input channel {@code i}: input neuron k its data channel,
 * the control neurons their control channels, output neuron k its own target channel. Input and
 * control neurons ({@code i < D + 2}) never receive synapses, so the synapse state is kept only for
 * the {@link #receivingCount() receiving} rows {@code D + 2 .. N - 1}.
 */
public final class NetworkStructure {
  private final int dataSize;
  private final int outputSize;
  private final int hidden;
  private final int[] types;
  private final int typeCount;
  private final boolean[][] mask;

  private NetworkStructure(int d, int dOut, int h, int[] types, int typeCount, boolean[][] mask) {
    this.dataSize = d;
    this.outputSize = dOut;
    this.hidden = h;
    this.types = types;
    this.typeCount = typeCount;
    this.mask = mask;
    int n = neuronCount();
    for (int i = 0; i < inputCount(); i++) {
      for (int j = 0; j < n; j++) {
        if (mask[i][j]) {
          throw new IllegalArgumentException(
              "input and control neurons receive no synapses, but C[" + i + "][" + j + "] = 1");
        }
      }
    }
  }

  /**
   * Builds the structure of a network for a task. A {@code sparse} mask is drawn from {@code
   * maskSeed} (MODEL.md section 2: drawn once from the trial seed).
   */
  public static NetworkStructure build(NetworkSpec net, TaskSpec task, long maskSeed) {
    int d = task.dataSize();
    int dOut = task.outputSize();
    int h = net.hidden();
    int n = d + 2 + dOut + h;
    boolean[][] mask = topologyMask(net.topology(), d, dOut, h, net.density(), maskSeed);
    return withMask(net, d, dOut, mask);
  }

  /** A structure with a given mask (a saved rule's, or a golden file's). */
  public static NetworkStructure withMask(NetworkSpec net, int d, int dOut, boolean[][] mask) {
    int h = net.hidden();
    int n = d + 2 + dOut + h;
    if (mask.length != n) {
      throw new IllegalArgumentException("mask must be " + n + " x " + n + ", got " + mask.length);
    }
    int[] types = new int[n];
    int typeCount;
    if (net.type() == NetworkType.UNTYPED) {
      typeCount = 1;
    } else {
      // MODEL.md section 10.10: input 0, store 1, recall 2, output 3, hidden kinds 4 and up.
      typeCount = 4 + net.hiddenTypes();
      for (int i = 0; i < n; i++) {
        types[i] = i < d ? 0 : i == d ? 1 : i == d + 1 ? 2 : i < d + 2 + dOut ? 3 : 4;
      }
      for (int k = 0; k < h; k++) {
        types[d + 2 + dOut + k] = 4 + k % net.hiddenTypes();
      }
    }
    boolean[][] copy = new boolean[n][];
    for (int i = 0; i < n; i++) {
      copy[i] = Arrays.copyOf(mask[i], n);
    }
    return new NetworkStructure(d, dOut, h, types, typeCount, copy);
  }

  static boolean[][] topologyMask(
      Topology topology, int d, int dOut, int h, double density, long seed) {
    int n = d + 2 + dOut + h;
    int nIn = d + 2;
    boolean[][] c = new boolean[n][n];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = nIn; i < n; i++) {
      boolean postIsOutput = i < nIn + dOut;
      for (int j = 0; j < n; j++) {
        if (i == j) {
          continue;
        }
        boolean preIsInput = j < nIn;
        boolean preIsOutput = j >= nIn && j < nIn + dOut;
        boolean preIsHidden = j >= nIn + dOut;
        c[i][j] =
            switch (topology) {
              case DENSE -> true;
              case SPARSE -> rng.nextDouble() < density;
              case LAYERED ->
                  h == 0
                      ? postIsOutput && (preIsInput || preIsOutput)
                      : postIsOutput ? preIsHidden : (preIsInput || preIsHidden || preIsOutput);
            };
      }
    }
    return c;
  }

  /**
   * The smallest {@code task.recallSteps} that lets a cue reach every output (MODEL.md section
   * 10.1): one more than the largest, over output neurons, of the shortest path in synapse hops
   * from any input neuron.
   *
   * @throws IllegalArgumentException if some output neuron is reachable from no input neuron
   */
  public int minRecallSteps() {
    int n = neuronCount();
    int[] dist = new int[n];
    Arrays.fill(dist, -1);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int j = 0; j < dataSize; j++) {
      dist[j] = 0;
      queue.add(j);
    }
    while (!queue.isEmpty()) {
      int j = queue.poll();
      for (int i = 0; i < n; i++) {
        if (mask[i][j] && dist[i] < 0) {
          dist[i] = dist[j] + 1;
          queue.add(i);
        }
      }
    }
    int worst = 0;
    for (int k = 0; k < outputSize; k++) {
      int i = firstOutput() + k;
      if (dist[i] < 0) {
        throw new IllegalArgumentException(
            "output neuron "
                + k
                + " (neuron "
                + i
                + ") is reached from no input neuron: the "
                + "topology cannot recall; use more synapses (network.density) or another topology");
      }
      worst = Math.max(worst, dist[i]);
    }
    return worst + 1;
  }

  /** Resolves {@code task.recallSteps}, checking an explicit value against the minimum. */
  public int resolveRecallSteps(int configured) {
    int min = minRecallSteps();
    if (configured == TaskSpec.AUTO_RECALL_STEPS) {
      return min;
    }
    if (configured < min) {
      throw new IllegalArgumentException(
          "task.recallSteps must be >= "
              + min
              + " for this topology (1 + synapse hops from an input to an output neuron, or the"
              + " cue cannot reach the outputs in time), got "
              + configured);
    }
    return configured;
  }

  public int dataSize() {
    return dataSize;
  }

  public int outputSize() {
    return outputSize;
  }

  public int hiddenCount() {
    return hidden;
  }

  /** N, all neurons. */
  public int neuronCount() {
    return dataSize + 2 + outputSize + hidden;
  }

  /** Input plus control neurons: D + 2. They receive no synapses. */
  public int inputCount() {
    return dataSize + 2;
  }

  /** Rows that can receive synapses: the output and hidden neurons, N - D - 2. */
  public int receivingCount() {
    return neuronCount() - inputCount();
  }

  /** Input channels Din = D + 2 + Dout; neuron i < Din reads channel i. */
  public int channelCount() {
    return dataSize + 2 + outputSize;
  }

  /** Index of output neuron 0; output k is neuron {@code firstOutput() + k}. */
  public int firstOutput() {
    return dataSize + 2;
  }

  /** Rows of the embedding table. */
  public int typeCount() {
    return typeCount;
  }

  /** The embedding row of neuron i. */
  public int type(int i) {
    return types[i];
  }

  /** Whether synapse {@code j -> i} exists. */
  public boolean connected(int i, int j) {
    return mask[i][j];
  }

  /** fanIn(i) = max(1, number of synapses into i). */
  public int fanIn(int i) {
    int f = 0;
    for (boolean c : mask[i]) {
      f += c ? 1 : 0;
    }
    return Math.max(1, f);
  }

  /** Number of synapses. */
  public int synapseCount() {
    int s = 0;
    for (boolean[] row : mask) {
      for (boolean c : row) {
        s += c ? 1 : 0;
      }
    }
    return s;
  }

  /** A copy of the mask, row i = post-synaptic neuron. */
  public boolean[][] mask() {
    boolean[][] copy = new boolean[mask.length][];
    for (int i = 0; i < mask.length; i++) {
      copy[i] = mask[i].clone();
    }
    return copy;
  }
}
