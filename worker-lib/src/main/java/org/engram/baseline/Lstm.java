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
import org.engram.runtime.Gemm;
import org.engram.spec.NetworkType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code lstm} and {@code lstm-state} (MODEL.md sections 4 and 10.11): a standard LSTM that sees
 * the whole {@code x_t} (data, control and target channels) and emits Dout logits through a linear
 * readout at every step. With gates {@code [i, f, g, o] = W_x x + W_h h + b}: {@code c' = sigma(f)
 * c + sigma(i) tanh(g)}, {@code h' = sigma(o) tanh(c')}, {@code y = W_y h' + b_y}. h and c are
 * carried across windows with the gradient stopped and are zero at birth.
 */
final class Lstm implements BaselineNetwork {
  private final NetworkType type;
  private final int din;
  private final int hidden;
  private final int dOut;
  private final DataType dtype;

  private record Step(
      INDArray x, INDArray h, INDArray c, INDArray gates, INDArray g, INDArray tanhC) {}

  private record Tape(List<Step> steps, INDArray hs) {}

  Lstm(NetworkType type, int din, int hidden, int dOut, DataType dtype) {
    this.type = type;
    this.din = din;
    this.hidden = hidden;
    this.dOut = dOut;
    this.dtype = dtype;
  }

  /** Meta-parameters of an LSTM: {@code 4H (Din + H + 1) + Dout (H + 1)}. */
  static long parameterCount(int din, int hidden, int dOut) {
    long h = hidden;
    return 4 * h * (din + h + 1) + dOut * (h + 1);
  }

  int hidden() {
    return hidden;
  }

  @Override
  public ParameterLayout layout() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put("Wx", new long[] {4L * hidden, din});
    shapes.put("Wh", new long[] {4L * hidden, hidden});
    shapes.put("b", new long[] {4L * hidden});
    shapes.put("Wy", new long[] {dOut, hidden});
    shapes.put("by", new long[] {dOut});
    return ParameterLayout.named(type, shapes);
  }

  /** Glorot-uniform matrices, zero biases except the forget gate's at 1 (the usual choice). */
  @Override
  public MetaParameters initialize(SplittableRandom rng) {
    MetaParameters theta = MetaParameters.zeros(layout(), dtype);
    for (String name : new String[] {"Wx", "Wh", "Wy"}) {
      INDArray m = theta.get(name);
      double limit = Math.sqrt(6.0 / (m.size(0) + m.size(1)));
      double[] v = new double[(int) m.length()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (rng.nextDouble() * 2 - 1) * limit;
      }
      m.assign(Nd4j.create(v, m.shape(), dtype));
    }
    theta.get("b").get(NDArrayIndex.interval(hidden, 2L * hidden)).assign(1.0);
    return theta;
  }

  @Override
  public long[][] stateShapes() {
    return new long[][] {{hidden}, {hidden}};
  }

  @Override
  public BaselinePass forward(
      MetaParameters theta, BaselineState start, WindowInput input, boolean tape) {
    int steps = input.steps();
    int batch = input.batch();
    INDArray wx = theta.get("Wx");
    INDArray wh = theta.get("Wh");
    INDArray b = theta.get("b").reshape(1, 4L * hidden);
    INDArray x = input.x().castTo(dtype);
    INDArray h = start.first().castTo(dtype).dup('c');
    INDArray c = start.second().castTo(dtype).dup('c');
    INDArray hs = Nd4j.create(dtype, steps, batch, hidden);
    List<Step> kept = tape ? new ArrayList<>(steps) : null;
    for (int t = 0; t < steps; t++) {
      INDArray xt = x.slice(t).dup('c');
      INDArray z = Gemm.mm(xt, false, wx, true);
      Gemm.mmAdd(z, h, false, wh, true);
      z.addiRowVector(b);
      INDArray gates = Transforms.sigmoid(z, true); // i, f, o read from here
      INDArray g = Transforms.tanh(block(z, 2), true);
      INDArray cNext = block(gates, 1).mul(c).addi(block(gates, 0).mul(g));
      INDArray tanhC = Transforms.tanh(cNext, true);
      INDArray hNext = block(gates, 3).mul(tanhC);
      if (kept != null) {
        kept.add(new Step(xt, h, c, gates, g, tanhC));
      }
      hs.slice(t).assign(hNext);
      h = hNext;
      c = cNext;
    }
    INDArray logits = readout(theta, hs);
    INDArray scored = scored(logits, input);
    double loss = BinaryCrossEntropy.loss(scored, input.targets());
    return new BaselinePass(
        scored, loss, new BaselineState(h, c), input, kept == null ? null : new Tape(kept, hs));
  }

  /** {@code [T, B, Dout]} logits of every step. */
  private INDArray readout(MetaParameters theta, INDArray hs) {
    long rows = hs.size(0) * hs.size(1);
    INDArray y = Gemm.mm(hs.reshape(rows, hidden), false, theta.get("Wy"), true);
    return y.addiRowVector(theta.get("by").reshape(1, dOut)).reshape(hs.size(0), hs.size(1), dOut);
  }

  private static INDArray scored(INDArray logits, WindowInput input) {
    int[] steps = input.scoreSteps();
    INDArray out = Nd4j.create(logits.dataType(), steps.length, logits.size(1), logits.size(2));
    for (int k = 0; k < steps.length; k++) {
      out.slice(k).assign(logits.slice(steps[k]));
    }
    return out;
  }

  /** Gate block k (0 i, 1 f, 2 g, 3 o) of a {@code [B, 4H]} array, as a new c-order array. */
  private INDArray block(INDArray z, int k) {
    return BatchOps.cols(z, (long) k * hidden, (long) (k + 1) * hidden);
  }

  @Override
  public MetaParameters backward(MetaParameters theta, BaselinePass pass) {
    if (pass.tape() == null) {
      throw new IllegalStateException("the forward pass kept no tape: call forward(..., true)");
    }
    Tape tape = (Tape) pass.tape();
    WindowInput input = pass.input();
    int steps = input.steps();
    int batch = input.batch();
    MetaParameters grads = theta.zerosLike();
    INDArray dLogits = Nd4j.zeros(dtype, steps, batch, dOut);
    INDArray dScored = BinaryCrossEntropy.gradient(pass.scoredLogits(), input.targets());
    int[] scoreSteps = input.scoreSteps();
    for (int k = 0; k < scoreSteps.length; k++) {
      dLogits.slice(scoreSteps[k]).assign(dScored.slice(k));
    }
    long rows = (long) steps * batch;
    INDArray dy = dLogits.reshape(rows, dOut);
    grads.get("Wy").assign(Gemm.mm(dy, true, tape.hs().reshape(rows, hidden), false));
    grads.get("by").assign(dy.sum(0));
    INDArray dHs = Gemm.mm(dy, false, theta.get("Wy"), false).reshape(steps, batch, hidden);
    INDArray dWx = Nd4j.zeros(dtype, 4L * hidden, din);
    INDArray dWh = Nd4j.zeros(dtype, 4L * hidden, hidden);
    INDArray db = Nd4j.zeros(dtype, 1, 4L * hidden);
    INDArray dh = Nd4j.zeros(dtype, batch, hidden);
    INDArray dc = Nd4j.zeros(dtype, batch, hidden);
    for (int t = steps - 1; t >= 0; t--) {
      Step s = tape.steps().get(t);
      dh.addi(dHs.slice(t));
      INDArray i = block(s.gates(), 0);
      INDArray f = block(s.gates(), 1);
      INDArray o = block(s.gates(), 3);
      INDArray dO = dh.mul(s.tanhC()).muli(slope(o));
      dc.addi(dh.mul(o).muli(s.tanhC().mul(s.tanhC()).rsubi(1.0)));
      INDArray dI = dc.mul(s.g()).muli(slope(i));
      INDArray dG = dc.mul(i).muli(s.g().mul(s.g()).rsubi(1.0));
      INDArray dF = dc.mul(s.c()).muli(slope(f));
      dc = dc.mul(f);
      INDArray dz = Nd4j.concat(1, dI, dF, dG, dO);
      Gemm.mmAdd(dWx, dz, true, s.x(), false);
      Gemm.mmAdd(dWh, dz, true, s.h(), false);
      db.addi(dz.sum(true, 0));
      dh = Gemm.mm(dz, false, theta.get("Wh"), false);
    }
    grads.get("Wx").assign(dWx);
    grads.get("Wh").assign(dWh);
    grads.get("b").assign(db.reshape(4L * hidden));
    return grads;
  }

  /** {@code sigma (1 - sigma)} from the sigmoid's output. */
  private static INDArray slope(INDArray s) {
    return s.rsub(1.0).muli(s);
  }
}
