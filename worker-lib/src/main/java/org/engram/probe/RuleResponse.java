package org.engram.probe;

import org.engram.model.EngramNetwork;
import org.engram.model.MetaParameters;
import org.engram.model.NetworkStructure;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The synapse rule's response (MODEL.md section 8): {@code Δw[0]} of one synapse on a grid of
 * pre-synaptic {@code a_j[0]} and post-synaptic {@code a'_i[0]}, from {@code w = w0} with every
 * other component of both activations 0, plus the Hebbian score and the decay read off it.
 *
 * <p>The whole grid is one batch: lifetime {@code b = post * g + pre} of a network whose every
 * neuron has the same activation, so every synapse of one type pair responds alike and the probed
 * synapse stands for all of them. The response depends on the types of both ends (the rule sees
 * their embeddings), so the probed pair is chosen by role: hidden from hidden where the topology
 * has one, else the first pair of {@link #PREFERENCE} that exists.
 *
 * @param gridValues activity values on both axes
 * @param deltaW0 row-major {@code [post][pre]}
 * @param postRole the probed synapse's post-synaptic role
 * @param preRole its pre-synaptic role
 * @param hebbianScore correlation of {@code Δw[0]} with {@code a'_i[0] a_j[0]}, NaN if flat
 * @param decay {@code Δw[0]} at zero activity from {@code w0}
 * @param decayRate {@code -∂Δw[0]/∂w[0]} at zero activity, by a central difference
 */
public record RuleResponse(
    double[] gridValues,
    double[] deltaW0,
    String postRole,
    String preRole,
    double hebbianScore,
    double decay,
    double decayRate) {

  /** Role pairs (post, pre) in the order a probe prefers them. */
  static final String[][] PREFERENCE = {
    {"hidden", "hidden"},
    {"output", "hidden"},
    {"hidden", "output"},
    {"output", "output"},
    {"hidden", "input"},
    {"output", "input"}
  };

  /** The step of {@code w[0]} around {@code w0} for the decay rate's central difference. */
  static final double DECAY_STEP = 0.1;

  /** A relative spread below which the response counts as flat (no Hebbian score). */
  private static final double FLAT = 1e-9;

  /** {@code g} values evenly spaced over [-1, 1], the range of tanh activations. */
  public static double[] grid(int g) {
    if (g < 2) {
      throw new IllegalArgumentException("a response grid needs at least 2 values, got " + g);
    }
    double[] v = new double[g];
    for (int k = 0; k < g; k++) {
      v[k] = -1.0 + 2.0 * k / (g - 1);
    }
    return v;
  }

  /** Measures the response of {@code network}'s synapse rule under {@code theta}. */
  public static RuleResponse measure(EngramNetwork network, MetaParameters theta, int gridSize) {
    NetworkStructure s = network.structure();
    int[] pair = probedSynapse(s);
    int row = pair[0] - s.inputCount();
    int pre = pair[1];
    double[] values = grid(gridSize);
    int g = values.length;
    double[] post = new double[g * g];
    double[] preValues = new double[g * g];
    for (int i = 0; i < g; i++) {
      for (int j = 0; j < g; j++) {
        post[i * g + j] = values[i];
        preValues[i * g + j] = values[j];
      }
    }
    double[] dw = deltaW0(network, theta, post, preValues, 0.0, row, pre);
    double[] silent = new double[3];
    double[] offsets = {0.0, DECAY_STEP, -DECAY_STEP};
    for (int k = 0; k < 3; k++) {
      silent[k] = deltaW0(network, theta, new double[1], new double[1], offsets[k], row, pre)[0];
    }
    double rate = (silent[2] - silent[1]) / (2 * DECAY_STEP) + 0.0; // + 0.0: no -0.0 in tables
    double[] product = new double[g * g];
    for (int b = 0; b < product.length; b++) {
      product[b] = post[b] * preValues[b];
    }
    return new RuleResponse(
        values, dw, role(s, pair[0]), role(s, pre), correlation(dw, product), silent[0], rate);
  }

  /**
   * {@code Δw[0]} of synapse (row, pre) for each lifetime b with {@code a'[0] = post[b]} and {@code
   * a[0] = pre[b]} on every neuron, from {@code w = w0 + offset e_0} on every synapse.
   */
  private static double[] deltaW0(
      EngramNetwork network,
      MetaParameters theta,
      double[] post,
      double[] pre,
      double offset,
      int row,
      int preNeuron) {
    NetworkStructure s = network.structure();
    int batch = post.length;
    int n = s.neuronCount();
    int r = s.receivingCount();
    int a = network.spec().activationSize();
    int depth = network.synapseSize();
    double[] w0 = theta.get("w0").castTo(DataType.DOUBLE).toDoubleVector();
    w0[0] += offset;
    // Built as plain arrays and handed to ND4J once: the grid is B * R * N synapses.
    double[] w = new double[batch * r * n * depth];
    double[] after = new double[batch * n * a];
    double[] before = new double[batch * n * a];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < r; i++) {
        for (int j = 0; j < n; j++) {
          if (s.connected(s.inputCount() + i, j)) {
            System.arraycopy(w0, 0, w, ((b * r + i) * n + j) * depth, depth);
          }
        }
      }
      for (int j = 0; j < n; j++) {
        after[(b * n + j) * a] = post[b];
        before[(b * n + j) * a] = pre[b];
      }
    }
    INDArray syn = Nd4j.create(w, new long[] {batch, r, n, depth}, network.dtype());
    INDArray actNext = Nd4j.create(after, new long[] {batch, n, a}, network.dtype());
    INDArray act = Nd4j.create(before, new long[] {batch, n, a}, network.dtype());
    INDArray next = network.synapseUpdate(theta, syn, actNext, act);
    double[] out = new double[batch];
    for (int b = 0; b < batch; b++) {
      out[b] = next.getDouble(b, row, preNeuron, 0) - syn.getDouble(b, row, preNeuron, 0);
    }
    return out;
  }

  /** (post, pre) neuron indices of the first connected pair of {@link #PREFERENCE}. */
  static int[] probedSynapse(NetworkStructure s) {
    for (String[] roles : PREFERENCE) {
      for (int i = s.inputCount(); i < s.neuronCount(); i++) {
        if (!role(s, i).equals(roles[0])) {
          continue;
        }
        for (int j = 0; j < s.neuronCount(); j++) {
          if (j != i && s.connected(i, j) && role(s, j).equals(roles[1])) {
            return new int[] {i, j};
          }
        }
      }
    }
    for (int i = s.inputCount(); i < s.neuronCount(); i++) {
      for (int j = 0; j < s.neuronCount(); j++) {
        if (s.connected(i, j)) {
          return new int[] {i, j};
        }
      }
    }
    throw new IllegalArgumentException("the network has no synapse to probe");
  }

  /** A neuron's role in MODEL.md section 2's order: input, control, output, hidden. */
  static String role(NetworkStructure s, int i) {
    if (i < s.dataSize()) {
      return "input";
    } else if (i < s.firstOutput()) {
      return "control";
    } else if (i < s.firstOutput() + s.outputSize()) {
      return "output";
    }
    return "hidden";
  }

  /** Pearson correlation; NaN when {@code x} is flat. */
  static double correlation(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int k = 0; k < x.length; k++) {
      sxy += (x[k] - mx) * (y[k] - my);
      sxx += (x[k] - mx) * (x[k] - mx);
      syy += (y[k] - my) * (y[k] - my);
    }
    double scale = Math.max(1e-300, Math.abs(mx) + Math.sqrt(sxx / x.length));
    if (Math.sqrt(sxx / x.length) <= FLAT * scale || sxx == 0 || syy == 0) {
      return Double.NaN;
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }
}
