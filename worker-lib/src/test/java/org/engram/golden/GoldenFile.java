package org.engram.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One golden test vector of the PyTorch reference ({@code shared/reference/golden/README.md},
 * format {@code engram-golden-v2}): a fully specified window of the model and its expected results.
 *
 * <p>Every array of the file ({@code {"shape": [...], "data": [...]}}, row-major) is loaded as a
 * DOUBLE, C-order {@link INDArray} with the file's shape. Nothing is hard-coded: sizes come from
 * the file, so any file in that format loads. Parameter and gradient maps keep the file's key order
 * (the order of the README's {@code params} table).
 *
 * @param name the file name, e.g. {@code dense_plastic_birth.json}
 * @param format the {@code format} key ({@code engram-golden-v2})
 * @param description the one-line description
 * @param config the raw {@code config} object; read it with {@link #intConfig}, {@link
 *     #doubleConfig}, {@link #stringConfig}
 * @param structure neurons, types, channels and connectivity
 * @param params the meta-parameters, in file order
 * @param init the state at the start of the window
 * @param inputs the window's input stream, scored steps and targets
 * @param expected the results to reproduce
 */
public record GoldenFile(
    String name,
    String format,
    String description,
    JsonNode config,
    Structure structure,
    LinkedHashMap<String, INDArray> params,
    Init init,
    Inputs inputs,
    Expected expected) {

  /** The directory of the golden files: system property {@code engram.golden.dir}. */
  public static Path defaultDir() {
    // The parent pom passes engram.golden.dir to surefire; the fallback resolves from the
    // worker-lib module directory of a checkout that has shared/ as a sibling (/work/<wt>).
    return Paths.get(System.getProperty("engram.golden.dir", "../../shared/reference/golden"));
  }

  /** Every {@code *.json} file of {@code dir}, sorted by name. */
  public static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list golden files in " + dir.toAbsolutePath(), e);
    }
  }

  /** Reads and parses one golden file. */
  public static GoldenFile read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden file " + file, e);
    }
    String name = file.getFileName().toString();
    return new GoldenFile(
        name,
        root.path("format").asText(),
        root.path("description").asText(),
        req(root, "config", name),
        Structure.parse(req(root, "structure", name), name),
        arrayMap(req(root, "params", name)),
        Init.parse(req(root, "init", name)),
        Inputs.parse(req(root, "inputs", name), name),
        Expected.parse(req(root, "expected", name), name));
  }

  /** An integer config value ({@code D}, {@code K}, {@code recall_steps}, ...). */
  public int intConfig(String key) {
    JsonNode n = req(config, key, name);
    if (!n.canConvertToInt() || !n.isIntegralNumber()) {
      throw new IllegalArgumentException(name + ": config." + key + " is not an integer: " + n);
    }
    return n.intValue();
  }

  /** A real config value ({@code sigma_w}, {@code mask_fraction}, ...). */
  public double doubleConfig(String key) {
    JsonNode n = req(config, key, name);
    if (!n.isNumber()) {
      throw new IllegalArgumentException(name + ": config." + key + " is not a number: " + n);
    }
    return n.doubleValue();
  }

  /** A string config value ({@code net_type}, {@code topology}, {@code dtype}). */
  public String stringConfig(String key) {
    return req(config, key, name).asText();
  }

  /** {@code config.net_type}: plastic, scalar-synapse, frozen-synapses, hebbian or untyped. */
  public String netType() {
    return stringConfig("net_type");
  }

  /** Number of time steps of the window ({@code inputs.x.shape[0]}). */
  public int steps() {
    return (int) inputs.x().size(0);
  }

  /** Lifetimes per batch ({@code inputs.x.shape[1]}). */
  public int batch() {
    return (int) inputs.x().size(1);
  }

  /**
   * The {@code structure} block (README "structure").
   *
   * @param n neuron count {@code N = D + 2 + Dout + H}
   * @param d pattern size {@code D}
   * @param dOut output neurons {@code Dout}
   * @param dIn input channels {@code Din = D + 2 + Dout}
   * @param h hidden neurons {@code H}
   * @param typeCount rows of {@code e} ({@code T_types}); derived from the types if absent
   * @param neuronTypes row of {@code e} of each neuron
   * @param channelOfNeuron input channel of each neuron, -1 for hidden neurons
   * @param outputNeurons neuron index of output {@code k}
   * @param hiddenNeurons neuron index of hidden neuron {@code h}
   * @param c connectivity, {@code c[i][j]} iff synapse {@code j -> i} exists
   * @param fanIn {@code max(1, sum_j C[i][j])}
   * @param nSynapses {@code sum C}
   */
  public record Structure(
      int n,
      int d,
      int dOut,
      int dIn,
      int h,
      int typeCount,
      int[] neuronTypes,
      int[] channelOfNeuron,
      int[] outputNeurons,
      int[] hiddenNeurons,
      boolean[][] c,
      int[] fanIn,
      int nSynapses) {

    static Structure parse(JsonNode s, String file) {
      int n = req(s, "N", file).intValue();
      int[] types = intList(req(s, "neuron_types", file));
      int typeCount =
          s.has("T_types") ? s.get("T_types").intValue() : 1 + Arrays.stream(types).max().orElse(0);
      INDArray cArr = array(req(s, "C", file));
      if (cArr.rank() != 2 || cArr.size(0) != n || cArr.size(1) != n) {
        throw new IllegalArgumentException(file + ": structure.C must be [N, N], N = " + n);
      }
      boolean[][] c = new boolean[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          c[i][j] = cArr.getDouble(i, j) != 0.0;
        }
      }
      return new Structure(
          n,
          req(s, "D", file).intValue(),
          req(s, "Dout", file).intValue(),
          req(s, "Din", file).intValue(),
          req(s, "H", file).intValue(),
          typeCount,
          types,
          intList(req(s, "channel_of_neuron", file)),
          intList(req(s, "output_neurons", file)),
          intList(req(s, "hidden_neurons", file)),
          c,
          intList(req(s, "fan_in", file)),
          req(s, "n_synapses", file).intValue());
    }

    /** The mask as a DOUBLE {@code [N, N]} 0/1 array. */
    public INDArray maskArray() {
      double[] data = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          data[i * n + j] = c[i][j] ? 1.0 : 0.0;
        }
      }
      return Nd4j.create(data, new long[] {n, n}, DataType.DOUBLE);
    }
  }

  /**
   * The {@code init} block: {@code kind} is {@code "birth"} (with {@code eps}) or {@code "carried"}
   * (with {@code a} and {@code w}; a carried frozen-synapses file has {@code a} and {@code eps}, no
   * {@code w}).
   *
   * @param kind {@code birth} or {@code carried}
   * @param eps birth noise {@code [B, N, N, S]}, if present
   * @param a activation state {@code [B, N, A]}, if present
   * @param w synapse state {@code [B, N, N, S]}, if present
   */
  public record Init(
      String kind, Optional<INDArray> eps, Optional<INDArray> a, Optional<INDArray> w) {
    static Init parse(JsonNode n) {
      return new Init(n.path("kind").asText(), opt(n, "eps"), opt(n, "a"), opt(n, "w"));
    }

    /** True for a birth state ({@code a = 0}, {@code w = C (w0 + sigma_w eps)}). */
    public boolean isBirth() {
      return "birth".equals(kind);
    }
  }

  /**
   * The {@code inputs} block (README "inputs").
   *
   * @param x input stream {@code [T, B, Din]}
   * @param patterns stored snippets {@code [K, B, D]} in {-1, +1}
   * @param recalled {@code recalled[r][b]}: the snippet recall event {@code r} shows
   * @param hidden 0/1 {@code [K, B, Dout]}: bits the cue hides
   * @param scoreSteps the scored step of each recall event
   * @param scored {@code [T]} 0/1 flags of the scored steps
   * @param targets {@code [K, B, Dout]} in {0, 1}
   */
  public record Inputs(
      INDArray x,
      INDArray patterns,
      int[][] recalled,
      INDArray hidden,
      int[] scoreSteps,
      int[] scored,
      INDArray targets) {
    static Inputs parse(JsonNode n, String file) {
      INDArray rec = array(req(n, "recalled", file));
      int[][] recalled = new int[(int) rec.size(0)][(int) rec.size(1)];
      for (int r = 0; r < recalled.length; r++) {
        for (int b = 0; b < recalled[r].length; b++) {
          recalled[r][b] = (int) rec.getDouble(r, b);
        }
      }
      return new Inputs(
          array(req(n, "x", file)),
          array(req(n, "patterns", file)),
          recalled,
          array(req(n, "hidden", file)),
          intList(req(n, "score_steps", file)),
          intList(req(n, "scored", file)),
          array(req(n, "targets", file)));
    }
  }

  /**
   * The {@code expected} block (README "expected"). The state arrays are optional so that a file
   * that omits one still loads.
   *
   * @param loss mean BCE over {@code [K, B, Dout]}
   * @param logitsScored {@code [K, B, Dout]}
   * @param logitsAll {@code [T, B, Dout]}
   * @param aAfterStep1 {@code [B, N, A]} after step 0
   * @param wAfterStep1 {@code [B, N, N, S]} after step 0
   * @param aFinal {@code [B, N, A]} after the last step
   * @param wFinal {@code [B, N, N, S]} after the last step
   * @param grads d loss / d theta, keys and shapes of {@code params}, in file order
   * @param gradNorm global L2 norm of {@code grads}
   * @param metrics the window's metrics (bit_accuracy, hidden_bits, ...)
   */
  public record Expected(
      double loss,
      INDArray logitsScored,
      INDArray logitsAll,
      Optional<INDArray> aAfterStep1,
      Optional<INDArray> wAfterStep1,
      Optional<INDArray> aFinal,
      Optional<INDArray> wFinal,
      LinkedHashMap<String, INDArray> grads,
      double gradNorm,
      LinkedHashMap<String, Double> metrics) {
    static Expected parse(JsonNode n, String file) {
      LinkedHashMap<String, Double> metrics = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : n.path("metrics").properties()) {
        metrics.put(e.getKey(), e.getValue().doubleValue());
      }
      return new Expected(
          req(n, "loss", file).doubleValue(),
          array(req(n, "logits_scored", file)),
          array(req(n, "logits_all", file)),
          opt(n, "a_after_step1"),
          opt(n, "w_after_step1"),
          opt(n, "a_final"),
          opt(n, "w_final"),
          arrayMap(req(n, "grads", file)),
          req(n, "grad_norm", file).doubleValue(),
          metrics);
    }
  }

  // ------------------------------------------------------------------ JSON helpers

  /** {@code {"shape": [...], "data": [...]}} as a DOUBLE, C-order array of that shape. */
  static INDArray array(JsonNode n) {
    JsonNode shapeNode = n.get("shape");
    JsonNode dataNode = n.get("data");
    if (shapeNode == null || dataNode == null) {
      throw new IllegalArgumentException("not a {shape, data} array: " + abbreviate(n));
    }
    long[] shape = new long[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).longValue();
      count *= shape[i];
    }
    if (count != dataNode.size()) {
      throw new IllegalArgumentException(
          "shape " + shapeNode + " needs " + count + " values, data has " + dataNode.size());
    }
    double[] data = new double[dataNode.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = dataNode.get(i).doubleValue();
    }
    return Nd4j.create(data, shape, DataType.DOUBLE);
  }

  private static LinkedHashMap<String, INDArray> arrayMap(JsonNode n) {
    LinkedHashMap<String, INDArray> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      m.put(e.getKey(), array(e.getValue()));
    }
    return m;
  }

  private static Optional<INDArray> opt(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(array(v));
  }

  private static int[] intList(JsonNode n) {
    int[] out = new int[n.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = n.get(i).intValue();
    }
    return out;
  }

  private static JsonNode req(JsonNode n, String key, String file) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(file + ": missing key '" + key + "'");
    }
    return v;
  }

  private static String abbreviate(JsonNode n) {
    String s = String.valueOf(n);
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
