package org.engram.baseline;

import java.util.Map;
import org.engram.eval.NetworkSize;
import org.engram.model.NetworkStructure;
import org.engram.model.ParameterLayout;
import org.engram.spec.NetworkSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the baseline of a network type (MODEL.md section 4) for one trial. */
public final class Baselines {
  /**
   * The largest hidden size of {@code lstm-state}. Matching the plastic network's state count
   * ({@code N A + synapses S}: 3440 at MODEL.md's defaults, so H = 1720) grows with the square of
   * N, and the LSTM's weights with the square of H (17 M at H = 2048, about 1.4 times the cost at
   * the defaults); beyond the cap the row is capped, a warning is logged, and the size it ran with
   * is recorded in its rule JSON ({@code sizes.lstm.hidden}).
   */
  public static final int MAX_STATE_MATCHED_HIDDEN = 2048;

  private static final Logger LOG = LoggerFactory.getLogger(Baselines.class);

  private Baselines() {}

  /**
   * The baseline model of {@code net.type()}.
   *
   * @param plastic the structure of the plastic network of the same spec: the sizes the {@code
   *     lstm} rows are matched to
   * @throws IllegalArgumentException if the type is not a baseline, or the baseline cannot do the
   *     task kind ({@code hopfield}: autoassoc only; {@code delta-rule}: not sequence)
   */
  public static BaselineModel model(
      NetworkSpec net, TaskSpec task, int recallSteps, NetworkStructure plastic, DataType dtype) {
    WindowView view = new WindowView(task, recallSteps);
    int d = task.dataSize();
    int dOut = task.outputSize();
    return switch (net.type()) {
      case HOPFIELD -> {
        requireKind(net, task, TaskKind.AUTOASSOC);
        HopfieldMemory m = new HopfieldMemory(view, dOut, net.hopfieldIterations(), dtype);
        NetworkSize size = new NetworkSize(dOut, Math.max(1, dOut * (dOut - 1)), 1);
        yield new BaselineModel(
            net, m, size, dtype, Map.of("hopfield.iterations", net.hopfieldIterations()));
      }
      case DELTA_RULE -> {
        requireKind(net, task, TaskKind.AUTOASSOC, TaskKind.HETEROASSOC);
        DeltaRule m = new DeltaRule(view, d, dOut, net.hebbianLambda(), dtype);
        yield new BaselineModel(net, m, new NetworkSize(d + dOut, d * dOut, 1), dtype, Map.of());
      }
      case LSTM, LSTM_STATE -> {
        int din = d + 2 + dOut;
        int hidden =
            net.type() == NetworkType.LSTM
                ? parameterMatchedHidden(plasticParameterCount(net, plastic), din, dOut)
                : stateMatchedHidden(plasticStateCount(net, plastic));
        Lstm m = new Lstm(net.type(), din, hidden, dOut, dtype);
        // Its memory is the 2H carried numbers (h and c): they normalise bits_per_synapse.
        NetworkSize size = new NetworkSize(hidden, 2 * hidden, 1);
        yield new BaselineModel(net, m, size, dtype, Map.of("lstm.hidden", hidden));
      }
      default ->
          throw new IllegalArgumentException(
              "network type " + net.type().label() + " is not a baseline");
    };
  }

  /** The size of the plastic network's theta for this spec's sizes (MODEL.md section 3). */
  public static long plasticParameterCount(NetworkSpec net, NetworkStructure plastic) {
    return ParameterLayout.of(
            NetworkType.PLASTIC,
            plastic.typeCount(),
            net.activationSize(),
            net.synapseSize(),
            net.embeddingSize(),
            net.activationHidden(),
            net.synapseHidden())
        .totalSize();
  }

  /** The plastic network's state numbers: {@code N A + synapses S}. */
  public static long plasticStateCount(NetworkSpec net, NetworkStructure plastic) {
    return (long) plastic.neuronCount() * net.activationSize()
        + (long) plastic.synapseCount() * net.synapseSize();
  }

  /**
   * The hidden size H whose LSTM parameter count {@code 4H (Din + H + 1) + Dout (H + 1)} is nearest
   * to {@code target} (the smaller H on a tie), at least 1.
   */
  public static int parameterMatchedHidden(long target, int din, int dOut) {
    int h = 1;
    while (Lstm.parameterCount(din, h + 1, dOut) <= target) {
      h++;
    }
    long below = Math.abs(target - Lstm.parameterCount(din, h, dOut));
    long above = Math.abs(Lstm.parameterCount(din, h + 1, dOut) - target);
    return above < below ? h + 1 : h;
  }

  /**
   * The hidden size whose 2H state numbers (h and c) match {@code stateCount}, rounded half up, at
   * least 1 and at most {@link #MAX_STATE_MATCHED_HIDDEN}.
   */
  public static int stateMatchedHidden(long stateCount) {
    long h = (stateCount + 1) / 2;
    if (h > MAX_STATE_MATCHED_HIDDEN) {
      LOG.warn(
          "lstm-state: matching {} state numbers needs H = {}; capped at H = {}",
          stateCount,
          h,
          MAX_STATE_MATCHED_HIDDEN);
    }
    return (int) Math.max(1, Math.min(MAX_STATE_MATCHED_HIDDEN, h));
  }

  private static void requireKind(NetworkSpec net, TaskSpec task, TaskKind... kinds) {
    for (TaskKind k : kinds) {
      if (task.kind() == k) {
        return;
      }
    }
    throw new IllegalArgumentException(
        "network.type "
            + net.type().label()
            + " cannot run task.kind "
            + task.kind().label()
            + (net.type() == NetworkType.HOPFIELD
                ? ": an auto-associative memory needs task.kind autoassoc"
                : ": a one-step linear associator has no sequence recall; use autoassoc or"
                    + " heteroassoc"));
  }
}
