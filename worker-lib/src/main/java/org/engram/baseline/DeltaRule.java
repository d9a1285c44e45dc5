package org.engram.baseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.model.BinaryCrossEntropy;
import org.engram.model.MetaParameters;
import org.engram.model.ParameterLayout;
import org.engram.model.WindowInput;
import org.engram.spec.NetworkType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code delta-rule} (MODEL.md sections 4, 9 and 10.11): per lifetime a linear associator {@code W
 * in R^{Dout x D}}, zero at birth. Each storage event applies one gradient step of the squared
 * error, {@code W <- (1 - lambda) W + eta (t - W x) x^T}, with x the data channels and t the target
 * bits as shown ({@code +-1}); a recall emits {@code gain * W x_cue}. The scalars {@code eta},
 * {@code lambda} and the readout gain are meta-parameters, trained by truncated BPTT through the
 * window with the carried W a constant.
 *
 * <p>The gain (not in MODEL.md) only scales the logits: it cannot change a bit's sign, but without
 * it the loss could sharpen the logits only by raising {@code eta}, against the step size that
 * stores best (the delta rule drives {@code W x} towards {@code +-1}).
 */
final class DeltaRule implements BaselineNetwork {
  private final WindowView view;
  private final int d;
  private final int dOut;
  private final double initialLambda;
  private final DataType dtype;

  /** One event of the tape: a storage step (with its error) or a scored recall. */
  private record Event(boolean store, INDArray w, INDArray x, INDArray out, int row) {}

  DeltaRule(WindowView view, int d, int dOut, double initialLambda, DataType dtype) {
    this.view = view;
    this.d = d;
    this.dOut = dOut;
    this.initialLambda = initialLambda;
    this.dtype = dtype;
  }

  @Override
  public ParameterLayout layout() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put("eta", new long[] {1});
    shapes.put("lam", new long[] {1});
    shapes.put("gain", new long[] {1});
    return ParameterLayout.named(NetworkType.DELTA_RULE, shapes);
  }

  /**
   * {@code eta = 1 / D}, the step that stores one pattern exactly ({@code x . x = D}); {@code
   * lambda = network.hebbianLambda}; gain 1.
   */
  @Override
  public MetaParameters initialize(SplittableRandom rng) {
    MetaParameters theta = MetaParameters.zeros(layout(), dtype);
    theta.get("eta").assign(1.0 / d);
    theta.get("lam").assign(initialLambda);
    theta.get("gain").assign(1.0);
    return theta;
  }

  @Override
  public long[][] stateShapes() {
    return new long[][] {{dOut, d}};
  }

  @Override
  public BaselinePass forward(
      MetaParameters theta, BaselineState start, WindowInput input, boolean tape) {
    double eta = theta.get("eta").getDouble(0);
    double lambda = theta.get("lam").getDouble(0);
    double gain = theta.get("gain").getDouble(0);
    boolean[] stores = view.storageStarts(input);
    int[] rows = WindowView.scoredRows(input);
    INDArray w = start.first().castTo(dtype).dup('c');
    INDArray scored = Nd4j.zeros(dtype, input.scoreSteps().length, input.batch(), dOut);
    List<Event> events = tape ? new ArrayList<>() : null;
    for (int t = 0; t < input.steps(); t++) {
      if (stores[t]) {
        INDArray x = view.data(input, t, dtype);
        INDArray err = view.targets(input, t, dtype).subi(BatchOps.matVec(w, x));
        INDArray next = w.mul(1.0 - lambda).addi(BatchOps.outer(err, x).muli(eta));
        if (events != null) {
          events.add(new Event(true, w, x, err, -1));
        }
        w = next;
      }
      if (rows[t] >= 0) {
        INDArray x = view.data(input, t, dtype);
        INDArray wx = BatchOps.matVec(w, x);
        scored.slice(rows[t]).assign(wx.mul(gain));
        if (events != null) {
          events.add(new Event(false, w, x, wx, rows[t]));
        }
      }
    }
    double loss = BinaryCrossEntropy.loss(scored, input.targets());
    return new BaselinePass(scored, loss, new BaselineState(w, null), input, events);
  }

  /**
   * Back through the events in reverse: a recall adds {@code gain dy x^T} to dW; a storage step
   * {@code W' = (1 - lambda) W + eta e x^T}, {@code e = t - W x}, with {@code u = dW' x} gives
   * {@code d lambda -= <dW', W>}, {@code d eta += <u, e>}, {@code dW = (1 - lambda) dW' - eta u
   * x^T}. The start W is a constant.
   */
  @Override
  @SuppressWarnings("unchecked")
  public MetaParameters backward(MetaParameters theta, BaselinePass pass) {
    if (pass.tape() == null) {
      throw new IllegalStateException("the forward pass kept no tape: call forward(..., true)");
    }
    double eta = theta.get("eta").getDouble(0);
    double lambda = theta.get("lam").getDouble(0);
    double gain = theta.get("gain").getDouble(0);
    INDArray dy = BinaryCrossEntropy.gradient(pass.scoredLogits(), pass.input().targets());
    List<Event> events = (List<Event>) pass.tape();
    INDArray dw = Nd4j.zeros(dtype, pass.input().batch(), dOut, d);
    double dEta = 0;
    double dLambda = 0;
    double dGain = 0;
    for (int i = events.size() - 1; i >= 0; i--) {
      Event e = events.get(i);
      if (e.store()) {
        INDArray u = BatchOps.matVec(dw, e.x());
        dLambda -= BatchOps.sum(dw.mul(e.w()));
        dEta += BatchOps.sum(u.mul(e.out()));
        dw = dw.mul(1.0 - lambda).subi(BatchOps.outer(u, e.x()).muli(eta));
      } else {
        INDArray g = dy.slice(e.row());
        dGain += BatchOps.sum(g.mul(e.out()));
        dw.addi(BatchOps.outer(g, e.x()).muli(gain));
      }
    }
    MetaParameters grads = theta.zerosLike();
    grads.get("eta").assign(dEta);
    grads.get("lam").assign(dLambda);
    grads.get("gain").assign(dGain);
    return grads;
  }
}
