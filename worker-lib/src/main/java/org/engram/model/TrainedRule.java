package org.engram.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.engram.spec.NetworkSpec;
import org.engram.spec.TaskSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained rule: theta with the settings it needs and the mask it was trained on, as JSON. It
 * loads back into a network of the same structure, or, since theta never grows with N or D, into a
 * network of another size or difficulty ({@link #network(NetworkSpec, TaskSpec, long)}).
 *
 * @param format {@code engram-rule-v1}
 * @param codeVersion the code version that trained it
 * @param network the network it was trained in
 * @param task the task it was trained on
 * @param recallSteps the resolved {@code task.recallSteps}
 * @param mask rows of the connectivity mask as strings of 0 and 1 (row = post-synaptic neuron)
 * @param params each meta-parameter's shape and row-major values
 */
public record TrainedRule(
    String format,
    String codeVersion,
    NetworkSpec network,
    TaskSpec task,
    int recallSteps,
    List<String> mask,
    Map<String, ParamValues> params) {

  public static final String FORMAT = "engram-rule-v1";
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.INDENT_OUTPUT, false);

  /** One parameter: its shape and row-major values. */
  public record ParamValues(List<Long> shape, double[] data) {}

  /** Captures a trained theta. */
  public static TrainedRule of(
      EngramNetwork net, MetaParameters theta, TaskSpec task, int recallSteps, String codeVersion) {
    NetworkStructure s = net.structure();
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < s.neuronCount(); i++) {
      StringBuilder row = new StringBuilder();
      for (int j = 0; j < s.neuronCount(); j++) {
        row.append(s.connected(i, j) ? '1' : '0');
      }
      rows.add(row.toString());
    }
    Map<String, ParamValues> params = new LinkedHashMap<>();
    for (String name : theta.layout().names()) {
      INDArray p = theta.get(name);
      List<Long> shape = new ArrayList<>();
      for (long d : p.shape()) {
        shape.add(d);
      }
      params.put(
          name, new ParamValues(shape, p.castTo(DataType.DOUBLE).dup('c').data().asDouble()));
    }
    return new TrainedRule(FORMAT, codeVersion, net.spec(), task, recallSteps, rows, params);
  }

  /** The network it was trained in, with its own mask. */
  public EngramNetwork network(DataType dtype) {
    int n = mask.size();
    boolean[][] c = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        c[i][j] = mask.get(i).charAt(j) == '1';
      }
    }
    return new EngramNetwork(
        NetworkStructure.withMask(network, task.dataSize(), task.outputSize(), c), network, dtype);
  }

  /**
   * A network of another size or task for this rule: the spec may change N, D, H and the topology,
   * but not the sizes theta depends on (A, S, E, Ha, Hs, hidden types, network type).
   */
  public EngramNetwork network(NetworkSpec other, TaskSpec otherTask, long maskSeed) {
    if (other.type() != network.type()
        || other.activationSize() != network.activationSize()
        || other.effectiveSynapseSize() != network.effectiveSynapseSize()
        || other.embeddingSize() != network.embeddingSize()
        || other.activationHidden() != network.activationHidden()
        || other.synapseHidden() != network.synapseHidden()
        || other.hiddenTypes() != network.hiddenTypes()) {
      throw new IllegalArgumentException(
          "a rule trained as "
              + network
              + " cannot run in "
              + other
              + ": network.type, activationSize, synapseSize, embeddingSize, activationHidden,"
              + " synapseHidden and hiddenTypes must match");
    }
    return new EngramNetwork(
        NetworkStructure.build(other, otherTask, maskSeed), other, DataType.FLOAT);
  }

  /** theta for a network of this rule's layout. */
  public MetaParameters parameters(EngramNetwork net) {
    MetaParameters theta = MetaParameters.zeros(net.layout(), net.dtype());
    if (!net.layout().names().equals(List.copyOf(params.keySet()))) {
      throw new IllegalArgumentException(
          "rule has parameters " + params.keySet() + ", the network needs " + net.layout().names());
    }
    for (Map.Entry<String, ParamValues> p : params.entrySet()) {
      long[] shape = p.getValue().shape().stream().mapToLong(Long::longValue).toArray();
      if (!java.util.Arrays.equals(shape, net.layout().shape(p.getKey()))) {
        throw new IllegalArgumentException(
            "rule parameter "
                + p.getKey()
                + " has shape "
                + p.getValue().shape()
                + ", the network needs "
                + java.util.Arrays.toString(net.layout().shape(p.getKey())));
      }
      theta
          .get(p.getKey())
          .assign(Nd4j.create(p.getValue().data(), shape, DataType.DOUBLE).castTo(net.dtype()));
    }
    return theta;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TrainedRule fromJson(String json) {
    try {
      TrainedRule rule = JSON.readValue(json, TrainedRule.class);
      if (!FORMAT.equals(rule.format())) {
        throw new IllegalArgumentException(
            "not an Engram rule: format " + rule.format() + ", expected " + FORMAT);
      }
      return rule;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read a trained rule: " + e.getMessage(), e);
    }
  }

  public void save(Path file) throws IOException {
    Files.writeString(file, toJson());
  }

  public static TrainedRule load(Path file) throws IOException {
    return fromJson(Files.readString(file));
  }
}
