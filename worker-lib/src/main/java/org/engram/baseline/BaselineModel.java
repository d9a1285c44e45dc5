package org.engram.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.engram.eval.NetworkSize;
import org.engram.model.MetaParameters;
import org.engram.spec.NetworkSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.TaskSpec;
import org.engram.task.LifetimeSchedule;
import org.engram.train.LifetimeBatch;
import org.engram.train.WindowModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@link BaselineNetwork} as the {@link WindowModel} the trainer and evaluator drive. */
public final class BaselineModel implements WindowModel {
  /** The format tag of {@link #ruleJson}. */
  public static final String FORMAT = "engram-baseline-v1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final NetworkSpec spec;
  private final BaselineNetwork network;
  private final NetworkSize size;
  private final DataType dtype;
  private final Map<String, Integer> sizes;

  BaselineModel(
      NetworkSpec spec,
      BaselineNetwork network,
      NetworkSize size,
      DataType dtype,
      Map<String, Integer> sizes) {
    this.spec = spec;
    this.network = network;
    this.size = size;
    this.dtype = dtype;
    this.sizes = Map.copyOf(sizes);
  }

  @Override
  public NetworkType type() {
    return spec.type();
  }

  @Override
  public DataType dtype() {
    return dtype;
  }

  @Override
  public MetaParameters initialParameters(long seed) {
    return network.initialize(new SplittableRandom(seed));
  }

  @Override
  public boolean trainable() {
    return network.layout().totalSize() > 0;
  }

  @Override
  public LifetimeBatch lifetimes(LifetimeSchedule schedule, long seed) {
    return new BaselineLifetimes(network, schedule, dtype);
  }

  @Override
  public NetworkSize size() {
    return size;
  }

  /** The sizes the baseline was built with (e.g. {@code lstm.hidden}), for tables and tests. */
  public Map<String, Integer> sizes() {
    return sizes;
  }

  /** The baseline network, for tests in this package. */
  BaselineNetwork network() {
    return network;
  }

  @Override
  public String ruleJson(MetaParameters theta, TaskSpec task, int recallSteps, String codeVersion) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("format", FORMAT);
    rule.put("codeVersion", codeVersion);
    rule.put("network", spec);
    rule.put("task", task);
    rule.put("recallSteps", recallSteps);
    rule.put("sizes", new TreeMap<>(sizes));
    Map<String, Object> params = new LinkedHashMap<>();
    for (String name : theta.layout().names()) {
      INDArray v = theta.get(name);
      List<Long> shape = new ArrayList<>();
      for (long d : v.shape()) {
        shape.add(d);
      }
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("shape", shape);
      values.put("data", v.castTo(DataType.DOUBLE).dup('c').data().asDouble());
      params.put(name, values);
    }
    rule.put("params", params);
    try {
      return JSON.writeValueAsString(rule);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the " + type().label() + " rule as JSON", e);
    }
  }
}
