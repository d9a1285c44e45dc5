package org.engram.train;

import org.engram.eval.NetworkSize;
import org.engram.model.MetaParameters;
import org.engram.spec.NetworkType;
import org.engram.spec.TaskSpec;
import org.engram.task.LifetimeSchedule;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A network that the trainer and the evaluator drive window by window: the engram network ({@link
 * EngramModel}) or a baseline outside the family ({@code org.engram.baseline}, MODEL.md section 4).
 * A model holds no lifetime state; {@link #lifetimes} creates the carried state of a batch.
 */
public interface WindowModel {

  /** The network type, the label the results carry. */
  NetworkType type();

  /** The precision of every array the model produces. */
  DataType dtype();

  /**
   * The meta-parameters at the start of training, drawn from {@code seed} (the trial's "init"
   * sub-seed). A model with nothing to train returns an empty theta.
   */
  MetaParameters initialParameters(long seed);

  /**
   * Whether theta is meta-trained; if not, a trial only evaluates (the {@code hopfield} memory).
   */
  boolean trainable();

  /**
   * B lifetimes of this model, born by {@code schedule}; every draw a birth needs comes from {@code
   * seed}.
   */
  LifetimeBatch lifetimes(LifetimeSchedule schedule, long seed);

  /** The sizes that normalise {@code bits_per_synapse} and {@code bits_per_neuron}. */
  NetworkSize size();

  /** What a result row keeps of the trained model: theta with the settings it needs, as JSON. */
  String ruleJson(MetaParameters theta, TaskSpec task, int recallSteps, String codeVersion);
}
