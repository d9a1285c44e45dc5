package org.engram.baseline;

import org.engram.model.MetaParameters;
import org.engram.model.WindowInput;
import org.engram.task.LifetimeSchedule;
import org.engram.train.LifetimeBatch;
import org.engram.train.WindowOutcome;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * B lifetimes of a baseline: its state arrays carried from window to window as constants, and reset
 * to zero when a lifetime is born again by the same {@link LifetimeSchedule} as the engram networks
 * (MODEL.md sections 5 and 10.3). A baseline draws nothing at birth.
 */
final class BaselineLifetimes implements LifetimeBatch {
  private final BaselineNetwork network;
  private final LifetimeSchedule schedule;
  private final DataType dtype;
  private INDArray[] state;
  private int window;

  BaselineLifetimes(BaselineNetwork network, LifetimeSchedule schedule, DataType dtype) {
    this.network = network;
    this.schedule = schedule;
    this.dtype = dtype;
    long[][] shapes = network.stateShapes();
    this.state = new INDArray[shapes.length];
    for (int i = 0; i < shapes.length; i++) {
      long[] shape = new long[shapes[i].length + 1];
      shape[0] = schedule.lifetimes();
      System.arraycopy(shapes[i], 0, shape, 1, shapes[i].length);
      state[i] = Nd4j.zeros(dtype, shape);
    }
  }

  @Override
  public WindowOutcome forward(MetaParameters theta, WindowInput window, boolean keepTape) {
    boolean[] born = schedule.bornAt(this.window);
    INDArray[] start = new INDArray[state.length];
    for (int i = 0; i < state.length; i++) {
      start[i] = state[i].dup('c');
      for (int b = 0; b < born.length; b++) {
        if (born[b]) {
          start[i].slice(b).assign(0.0);
        }
      }
    }
    return network.forward(theta, BaselineState.of(start), window, keepTape);
  }

  @Override
  public MetaParameters backward(MetaParameters theta, WindowOutcome outcome) {
    return network.backward(theta, (BaselinePass) outcome);
  }

  @Override
  public void end(WindowOutcome outcome) {
    INDArray[] end = ((BaselinePass) outcome).end().arrays();
    for (int i = 0; i < end.length; i++) {
      state[i] = end[i].detach(); // the end state outlives the window's workspace
    }
    window++;
  }

  @Override
  public int window() {
    return window;
  }

  @Override
  public INDArray[] snapshot() {
    INDArray[] out = new INDArray[3];
    System.arraycopy(state, 0, out, 0, state.length);
    return out;
  }

  @Override
  public void restore(int windowsDone, INDArray[] saved) {
    for (int i = 0; i < state.length; i++) {
      state[i] = saved[i].castTo(dtype);
    }
    window = windowsDone;
  }
}
