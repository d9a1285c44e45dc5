package org.engram.baseline;

import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import org.engram.model.BinaryCrossEntropy;
import org.engram.model.MetaParameters;
import org.engram.model.ParameterLayout;
import org.engram.model.WindowInput;
import org.engram.spec.NetworkType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code hopfield} (MODEL.md section 10.11): the analytic outer-product auto-associative memory, no
 * training. Each storage event adds its target pattern p as {@code W += p p^T / Dout} with a zero
 * diagonal and no decay; a recall starts from the cue (0 on hidden bits), clamps the visible bits
 * and runs {@code hopfield.iterations} synchronous updates {@code s <- sign(W s)}; its logits are
 * {@code W s}. W lives for a lifetime, so old patterns interfere.
 */
final class HopfieldMemory implements BaselineNetwork {
  private final WindowView view;
  private final int size;
  private final int iterations;
  private final DataType dtype;
  private final INDArray offDiagonal; // [1, D, D]: 1 - I

  HopfieldMemory(WindowView view, int size, int iterations, DataType dtype) {
    this.view = view;
    this.size = size;
    this.iterations = iterations;
    this.dtype = dtype;
    this.offDiagonal = Nd4j.eye(size).castTo(dtype).rsubi(1.0).reshape(1, size, size);
  }

  @Override
  public ParameterLayout layout() {
    return ParameterLayout.named(NetworkType.HOPFIELD, new LinkedHashMap<>());
  }

  @Override
  public MetaParameters initialize(SplittableRandom rng) {
    return MetaParameters.zeros(layout(), dtype);
  }

  @Override
  public long[][] stateShapes() {
    return new long[][] {{size, size}};
  }

  @Override
  public BaselinePass forward(
      MetaParameters theta, BaselineState start, WindowInput input, boolean tape) {
    boolean[] stores = view.storageStarts(input);
    int[] rows = WindowView.scoredRows(input);
    INDArray w = start.first().castTo(dtype).dup('c');
    INDArray scored = Nd4j.zeros(dtype, input.scoreSteps().length, input.batch(), size);
    for (int t = 0; t < input.steps(); t++) {
      if (stores[t]) {
        INDArray p = view.targets(input, t, dtype);
        w.addi(BatchOps.outer(p, p).muli(offDiagonal).divi(size));
      }
      if (rows[t] >= 0) {
        scored.slice(rows[t]).assign(recall(w, view.targets(input, t, dtype)));
      }
    }
    double loss = BinaryCrossEntropy.loss(scored, input.targets());
    return new BaselinePass(scored, loss, new BaselineState(w, null), input, null);
  }

  /** Logits {@code W s} after the sign iterations from the cue, visible bits clamped. */
  INDArray recall(INDArray w, INDArray cue) {
    INDArray visible = Transforms.abs(cue, true);
    INDArray free = visible.rsub(1.0);
    INDArray clamped = cue.mul(visible);
    INDArray s = cue.dup('c');
    for (int i = 0; i < iterations; i++) {
      s = Transforms.sign(BatchOps.matVec(w, s), false).muli(free).addi(clamped);
    }
    return BatchOps.matVec(w, s);
  }

  @Override
  public MetaParameters backward(MetaParameters theta, BaselinePass pass) {
    throw new UnsupportedOperationException("hopfield has no meta-parameters to train");
  }
}
