package org.engram.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Synapses} as whole-tensor ND4J ops: the batched {@link Message} and a {@link SynapseRule}
 * ({@link FrozenSynapses}, {@link HebbianRule}) over the {@code [B, R, N, S]} state.
 */
final class TensorSynapses implements Synapses {
  private final Message message;
  private final SynapseRule rule;

  TensorSynapses(Message message, SynapseRule rule) {
    this.message = message;
    this.rule = rule;
  }

  @Override
  public boolean frozen() {
    return rule.frozen();
  }

  @Override
  public Window begin(MetaParameters theta, INDArray embeddings, INDArray start, boolean keepTape) {
    return new TensorWindow(theta, rule.begin(theta, embeddings), start, keepTape);
  }

  private final class TensorWindow implements Window {
    private final MetaParameters theta;
    private final SynapseRule.Pass pass;
    private final List<Message.Cache> messageTape;
    private final List<Object> ruleTape;
    private INDArray syn;
    private INDArray dSyn;

    TensorWindow(MetaParameters theta, SynapseRule.Pass pass, INDArray start, boolean keepTape) {
      this.theta = theta;
      this.pass = pass;
      this.syn = start;
      this.messageTape = keepTape ? new ArrayList<>() : null;
      this.ruleTape = keepTape ? new ArrayList<>() : null;
    }

    @Override
    public INDArray message(INDArray act) {
      Message.Step step = message.forward(theta, act, syn);
      if (messageTape != null) {
        messageTape.add(step.cache());
      }
      return step.h();
    }

    @Override
    public void update(INDArray actNext, INDArray act) {
      SynapseRule.Step step = pass.forward(syn, actNext, act);
      if (ruleTape != null) {
        ruleTape.add(step.cache());
      }
      syn = step.next();
    }

    @Override
    public INDArray state() {
      return syn;
    }

    @Override
    public Grads backwardUpdate(int t, MetaParameters grads) {
      if (dSyn == null) {
        dSyn = Nd4j.zerosLike(syn);
      }
      SynapseRule.Grads g = pass.backward(grads, ruleTape.get(t), dSyn);
      dSyn = g.syn();
      return new ArrayGrads(g.actNext(), g.act());
    }

    @Override
    public void backwardMessage(int t, MetaParameters grads, INDArray dH, INDArray dAct) {
      Message.Grads g = message.backward(theta, grads, messageTape.get(t), dH);
      // The running gradient outlives the backward step's workspace.
      dSyn = dSyn.add(g.syn()).leverage();
      dAct.addi(g.act());
    }

    @Override
    public INDArray startGradient() {
      return dSyn;
    }

    @Override
    public void finish(MetaParameters grads, INDArray dEmbeddings) {
      pass.finish(grads, dEmbeddings);
    }
  }
}
