package org.engram.model.samediff;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One window of the engram model (MODEL.md sections 2 to 5) as an unrolled SameDiff graph: T steps
 * of golden/README.md "One step", the mean BCE at the scored steps, and the gradient of that loss
 * with respect to every meta-parameter by SameDiff's reverse-mode autodiff.
 *
 * <p>It exists to measure SameDiff against the hand-written backward pass, so it takes only plain
 * inputs ({@link Spec}, {@link Structure}, {@link Sizes}, {@link InitState} and INDArrays) and
 * depends on no other model class. The graph is built once per {@link Spec} (structure, sizes,
 * network type, batch, T, scored steps, initial-state kind, data type); the meta-parameters are
 * SameDiff variables (updated by {@link #setParams}), the initial state and the window input are
 * placeholders, so one instance serves every window of that shape.
 *
 * <p>Layouts are the golden files': {@code a [B, N, A]}, {@code w [B, N, N, S]} with {@code
 * w[b][i][j]} the synapse {@code j -> i}, {@code x [T, B, Din]}, {@code targets [K, B, Dout]}.
 * Inside the graph the synapse state is kept only for the receiving rows {@code i >= D + 2} (input
 * and control neurons receive no synapses, golden README "structure"), as {@code wR [B, R, N, S]},
 * {@code R = N - D - 2}.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class SameDiffWindow {

  /** Network types of MODEL.md section 4 that change the graph. */
  public enum NetType {
    PLASTIC("plastic"),
    SCALAR_SYNAPSE("scalar-synapse"),
    FROZEN_SYNAPSES("frozen-synapses"),
    HEBBIAN("hebbian"),
    UNTYPED("untyped");

    private final String key;

    NetType(String key) {
      this.key = key;
    }

    /** The config name ({@code plastic}, {@code scalar-synapse}, ...). */
    public String key() {
      return key;
    }

    /** Parses a config name. */
    public static NetType of(String key) {
      for (NetType t : values()) {
        if (t.key.equals(key)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown network type '" + key + "'");
    }

    /** Whether the learned synapse rule F_s runs (MODEL.md section 3.3). */
    boolean learnedSynapseRule() {
      return this == PLASTIC || this == SCALAR_SYNAPSE || this == UNTYPED;
    }
  }

  /**
   * The state at the start of the window (golden README "init"): {@code BIRTH} builds {@code w = C
   * (w0 + sigma_w eps)} in the graph, so the gradient reaches {@code w0}; {@code CARRIED} feeds
   * {@code w} as a constant. {@code frozen-synapses} always uses {@code eps}.
   */
  public enum InitKind {
    BIRTH,
    CARRIED
  }

  /**
   * The static network structure (MODEL.md section 2, golden README "structure").
   *
   * @param d pattern size D (input neurons {@code 0..D-1}, store {@code D}, recall {@code D+1})
   * @param dIn input channels {@code Din = D + 2 + Dout}
   * @param neuronTypes row of {@code e} of each neuron ({@code N} entries)
   * @param typeCount rows of {@code e}
   * @param channelOfNeuron input channel of each neuron, -1 for none (hidden)
   * @param outputNeurons the neuron of output {@code k}, {@code Dout} entries
   * @param c {@code c[i][j]} iff synapse {@code j -> i}; rows {@code 0..D+1} must be empty
   */
  public record Structure(
      int d,
      int dIn,
      int[] neuronTypes,
      int typeCount,
      int[] channelOfNeuron,
      int[] outputNeurons,
      boolean[][] c) {

    /** Neuron count N. */
    public int n() {
      return neuronTypes.length;
    }

    /** Output neurons Dout. */
    public int dOut() {
      return outputNeurons.length;
    }

    /** First receiving row: input and control neurons {@code 0..D+1} receive no synapses. */
    int firstReceiving() {
      return d + 2;
    }

    void validate() {
      int n = n();
      if (c.length != n || channelOfNeuron.length != n) {
        throw new IllegalArgumentException("C and channelOfNeuron must have N = " + n + " rows");
      }
      for (int i = 0; i < n; i++) {
        if (c[i].length != n) {
          throw new IllegalArgumentException("C must be [N, N], row " + i + " is not");
        }
        if (neuronTypes[i] < 0 || neuronTypes[i] >= typeCount) {
          throw new IllegalArgumentException("neuronTypes[" + i + "] out of range");
        }
        if (channelOfNeuron[i] >= dIn) {
          throw new IllegalArgumentException("channelOfNeuron[" + i + "] >= Din");
        }
        for (int j = 0; j < n && i < firstReceiving(); j++) {
          if (c[i][j]) {
            throw new IllegalArgumentException("input/control neuron " + i + " has a synapse");
          }
        }
      }
    }

    /** {@code fanIn(i)^(-1/2)} with {@code fanIn = max(1, sum_j C[i][j])} (MODEL.md section 2). */
    double invSqrtFanIn(int i) {
      int f = 0;
      for (boolean b : c[i]) {
        f += b ? 1 : 0;
      }
      return 1.0 / Math.sqrt(Math.max(1, f));
    }
  }

  /**
   * State and layer sizes (MODEL.md sections 2, 3).
   *
   * @param a activation state size A
   * @param s synapse state size S actually used (1 for hebbian and scalar-synapse)
   * @param e embedding size E
   * @param ha hidden width of F_a
   * @param hs hidden width of F_s
   */
  public record Sizes(int a, int s, int e, int ha, int hs) {}

  /**
   * Everything that fixes the graph.
   *
   * @param type network type
   * @param structure neurons and connectivity
   * @param sizes state and layer sizes
   * @param sigmaW birth noise scale (MODEL.md section 2)
   * @param batch lifetimes B
   * @param steps window length T
   * @param scoreSteps the scored steps, in order (K of them)
   * @param init birth or carried initial state
   * @param dtype FLOAT or DOUBLE for every array of the graph
   */
  public record Spec(
      NetType type,
      Structure structure,
      Sizes sizes,
      double sigmaW,
      int batch,
      int steps,
      int[] scoreSteps,
      InitKind init,
      DataType dtype) {}

  /**
   * The initial state fed to the placeholders. {@code a} {@code [B, N, A]} (null at birth means 0);
   * {@code w} {@code [B, N, N, S]} for a carried state; {@code eps} {@code [B, N, N, S]} for a
   * birth state and for frozen-synapses.
   *
   * @param a activation state or null
   * @param w carried synapse state or null
   * @param eps birth noise or null
   */
  public record InitState(INDArray a, INDArray w, INDArray eps) {}

  /**
   * The results of one window.
   *
   * @param loss mean BCE over {@code [K, B, Dout]}
   * @param logitsAll {@code [T, B, Dout]}
   * @param logitsScored {@code [K, B, Dout]}
   * @param aFinal {@code [B, N, A]}
   * @param wFinal {@code [B, N, N, S]}
   * @param grads d loss / d theta per parameter name, in the order of the parameter map (empty for
   *     {@link #forward})
   */
  public record Result(
      double loss,
      INDArray logitsAll,
      INDArray logitsScored,
      INDArray aFinal,
      INDArray wFinal,
      LinkedHashMap<String, INDArray> grads) {}

  private static final String X = "x";
  private static final String TARGETS = "targets";
  private static final String A_INIT = "a_init";
  private static final String W_INIT = "w_init";
  private static final String EPS = "eps";
  private static final String LOSS = "loss";
  private static final String LOGITS_ALL = "logits_all";
  private static final String LOGITS_SCORED = "logits_scored";
  private static final String A_FINAL = "a_final";
  private static final String W_FINAL = "w_final";
  private static final List<String> OUTPUTS =
      List.of(LOSS, LOGITS_ALL, LOGITS_SCORED, A_FINAL, W_FINAL);

  private final Spec spec;
  private final SameDiff sd;
  private final List<String> paramNames;
  private final long buildNanos;
  private boolean gradGraphBuilt;

  private SameDiffWindow(Spec spec, SameDiff sd, List<String> paramNames, long buildNanos) {
    this.spec = spec;
    this.sd = sd;
    this.paramNames = paramNames;
    this.buildNanos = buildNanos;
  }

  /**
   * Builds the unrolled graph. {@code params} gives the meta-parameters by their golden names
   * ({@code e, w0, M, W1, b1, W2, b2, U1, d1, U2, d2 | lam, eta, r, r0}, golden README "params");
   * their values become the variables' initial values (cast to {@code spec.dtype()}).
   */
  public static SameDiffWindow build(Spec spec, Map<String, INDArray> params) {
    long t0 = System.nanoTime();
    spec.structure().validate();
    SameDiff sd = SameDiff.create();
    Map<String, SDVariable> v = new HashMap<>();
    for (Map.Entry<String, INDArray> e : params.entrySet()) {
      v.put(e.getKey(), sd.var(e.getKey(), e.getValue().castTo(spec.dtype()).dup('c')));
    }
    new GraphBuilder(spec, sd, v).build();
    return new SameDiffWindow(spec, sd, new ArrayList<>(params.keySet()), System.nanoTime() - t0);
  }

  /** Copies new values into the parameter variables (same names and shapes as at build time). */
  public void setParams(Map<String, INDArray> params) {
    for (Map.Entry<String, INDArray> e : params.entrySet()) {
      sd.getVariable(e.getKey()).getArr().assign(e.getValue());
    }
  }

  /**
   * Loss, logits, final state and the gradient of the loss w.r.t. every meta-parameter, from one
   * forward and one backward pass. The first call builds SameDiff's gradient graph (seconds) and,
   * while it does, swaps {@code System.out} for a filter of SameDiff's "Added differentiated op"
   * lines.
   */
  public Result run(InitState init, INDArray x, INDArray targets) {
    Map<String, INDArray> ph = placeholders(init, x, targets);
    OutAndGrad og;
    if (gradGraphBuilt) {
      og = sd.calculateGradientsAndOutputs(ph, OUTPUTS, paramNames);
    } else {
      // stack.md gotcha 2: building the gradient graph prints one "Added differentiated op"
      // line per op to System.out; drop those lines, once per graph.
      PrintStream out = System.out;
      System.setOut(new FilteringPrintStream(out, "Added differentiated op"));
      try {
        og = sd.calculateGradientsAndOutputs(ph, OUTPUTS, paramNames);
      } finally {
        System.setOut(out);
      }
      gradGraphBuilt = true;
    }
    LinkedHashMap<String, INDArray> grads = new LinkedHashMap<>();
    for (String p : paramNames) {
      INDArray grad = og.getGradients().get(p);
      // A parameter the loss does not reach (w0 with a carried state: the gradient is stopped at
      // the window boundary, golden README "init") has no gradient variable: it is exactly 0.
      grads.put(p, grad != null ? grad : sd.getVariable(p).getArr().ulike().assign(0));
    }
    return result(og.getOutputs(), grads);
  }

  /** The forward pass only (no gradients). */
  public Result forward(InitState init, INDArray x, INDArray targets) {
    return result(sd.output(placeholders(init, x, targets), OUTPUTS), new LinkedHashMap<>());
  }

  /** Wall time of {@link #build}, in milliseconds. */
  public double buildMillis() {
    return buildNanos / 1e6;
  }

  /** The graph's spec. */
  public Spec spec() {
    return spec;
  }

  /** The underlying graph (for inspection: op counts, profiling). */
  public SameDiff sameDiff() {
    return sd;
  }

  private Result result(Map<String, INDArray> out, LinkedHashMap<String, INDArray> grads) {
    return new Result(
        out.get(LOSS).getDouble(0),
        out.get(LOGITS_ALL),
        out.get(LOGITS_SCORED),
        out.get(A_FINAL),
        out.get(W_FINAL),
        grads);
  }

  private Map<String, INDArray> placeholders(InitState init, INDArray x, INDArray targets) {
    DataType dt = spec.dtype();
    Sizes z = spec.sizes();
    int n = spec.structure().n();
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(X, x.castTo(dt));
    ph.put(TARGETS, targets.castTo(dt));
    ph.put(A_INIT, init.a() != null ? init.a().castTo(dt) : Nd4j.zeros(dt, spec.batch(), n, z.a()));
    if (usesEps(spec)) {
      ph.put(EPS, require(init.eps(), "eps").castTo(dt));
    } else {
      ph.put(W_INIT, require(init.w(), "w").castTo(dt));
    }
    return ph;
  }

  private static boolean usesEps(Spec spec) {
    return spec.init() == InitKind.BIRTH || spec.type() == NetType.FROZEN_SYNAPSES;
  }

  private static INDArray require(INDArray arr, String what) {
    if (arr == null) {
      throw new IllegalArgumentException("this window's initial state needs " + what);
    }
    return arr;
  }

  /** Builds the ops of one window into a SameDiff instance. */
  private static final class GraphBuilder {
    private final Spec spec;
    private final SameDiff sd;
    private final Map<String, SDVariable> p;
    private final int b;
    private final int n;
    private final int r0;
    private final int rows;
    private final int na;
    private final int ns;
    private final DataType dt;

    GraphBuilder(Spec spec, SameDiff sd, Map<String, SDVariable> params) {
      this.spec = spec;
      this.sd = sd;
      this.p = params;
      this.b = spec.batch();
      this.n = spec.structure().n();
      this.r0 = spec.structure().firstReceiving();
      this.rows = n - r0;
      this.na = spec.sizes().a();
      this.ns = spec.sizes().s();
      this.dt = spec.dtype();
    }

    private SDVariable param(String name) {
      SDVariable v = p.get(name);
      if (v == null) {
        throw new IllegalArgumentException(
            "network type " + spec.type().key() + " needs parameter '" + name + "'");
      }
      return v;
    }

    private SDVariable constant(String name, double[] data, long... shape) {
      return sd.constant(name, Nd4j.create(data, shape, DataType.DOUBLE).castTo(dt));
    }

    /** Columns {@code [from, to)} of a matrix. */
    private static SDVariable cols(SDVariable m, int from, int to) {
      return m.get(SDIndex.all(), SDIndex.interval(from, to));
    }

    /** Rows {@code [from, to)} of a matrix, or entries of a vector. */
    private static SDVariable rows(SDVariable m, int from, int to) {
      return m.get(SDIndex.interval(from, to));
    }

    /** {@code x . W^T} without a transpose op. */
    private SDVariable mmulT(SDVariable x, SDVariable w) {
      return sd.mmul(x, w, false, true, false);
    }

    void build() {
      Structure st = spec.structure();
      Sizes z = spec.sizes();
      int steps = spec.steps();
      int nE = z.e();
      int ha = z.ha();

      // ---- constants of the structure (golden README "structure")
      double[] oneHot = new double[n * st.typeCount()];
      double[] sel = new double[st.dIn() * n];
      double[] outSel = new double[n * st.dOut()];
      double[] fan = new double[rows];
      double[] mask = new double[rows * n];
      for (int i = 0; i < n; i++) {
        oneHot[i * st.typeCount() + st.neuronTypes()[i]] = 1;
        if (st.channelOfNeuron()[i] >= 0) {
          sel[st.channelOfNeuron()[i] * n + i] = 1;
        }
      }
      for (int k = 0; k < st.dOut(); k++) {
        outSel[st.outputNeurons()[k] * st.dOut() + k] = 1;
      }
      for (int i = 0; i < rows; i++) {
        fan[i] = st.invSqrtFanIn(r0 + i);
        for (int j = 0; j < n; j++) {
          mask[i * n + j] = st.c()[r0 + i][j] ? 1 : 0;
        }
      }
      SDVariable typeOneHot = constant("type_one_hot", oneHot, n, st.typeCount());
      SDVariable channelSel = constant("channel_sel", sel, st.dIn(), n);
      SDVariable outputSel = constant("output_sel", outSel, n, st.dOut());
      SDVariable fanR = constant("inv_sqrt_fan_in", fan, rows, 1);
      SDVariable maskR = constant("mask_r", mask, 1, rows, n, 1);
      SDVariable zeroH = sd.constant("zero_h", Nd4j.zeros(dt, b, r0, na));
      SDVariable zeroW = sd.constant("zero_w", Nd4j.zeros(dt, b, r0, n, ns));

      // ---- placeholders
      SDVariable x = sd.placeHolder(X, dt, steps, b, st.dIn());
      SDVariable targets = sd.placeHolder(TARGETS, dt, spec.scoreSteps().length, b, st.dOut());
      SDVariable a = sd.placeHolder(A_INIT, dt, b, n, na);

      // ---- per-window precomputation: everything that does not depend on the state.
      SDVariable emb = sd.mmul(typeOneHot, param("e")); // [N, E], row neuron_types[i] of e
      SDVariable w1 = param("W1"); // columns act on [a (A), h (A), x~ (1), e (E)]
      SDVariable w1a = cols(w1, 0, na);
      SDVariable w1h = cols(w1, na, 2 * na);
      SDVariable w1x = cols(w1, 2 * na, 2 * na + 1);
      SDVariable w1e = cols(w1, 2 * na + 1, 2 * na + 1 + nE);
      SDVariable embAct = mmulT(emb, w1e).add(param("b1")); // [N, Ha]
      // x~ for every step at once: [T*B, Din] . sel -> [T*B, N], then its W1 column.
      SDVariable xt = sd.mmul(x.reshape(steps * b, st.dIn()), channelSel);
      SDVariable xe =
          mmulT(xt.reshape((long) steps * b * n, 1), w1x)
              .reshape((long) steps * b, n, ha)
              .add(embAct)
              .reshape(steps, (long) b * n, ha);
      SDVariable[] xeSteps = sd.unstack(xe, 0, steps); // T x [B*N, Ha]
      SDVariable w2 = param("W2"); // rows 0..A-1 give c, A..2A-1 give g
      SDVariable w2c = rows(w2, 0, na);
      SDVariable w2g = rows(w2, na, 2 * na);
      SDVariable b2c = rows(param("b2"), 0, na);
      SDVariable b2g = rows(param("b2"), na, 2 * na);
      SDVariable m = param("M");
      SDVariable rCol = param("r").reshape(na, 1);
      SDVariable r0v = param("r0");

      SynapseRule rule = null;
      if (spec.type().learnedSynapseRule()) {
        rule = new SynapseRule(emb);
      }

      // ---- initial synapse state of the receiving rows (golden README "init")
      SDVariable wR;
      SDVariable frozenW = null;
      if (usesEps(spec)) {
        SDVariable eps = sd.placeHolder(EPS, dt, b, n, n, ns);
        SDVariable epsR = eps.get(SDIndex.all(), SDIndex.interval(r0, n));
        wR = epsR.mul(spec.sigmaW()).add(param("w0").reshape(1, 1, 1, ns)).mul(maskR);
        if (spec.type() == NetType.FROZEN_SYNAPSES) {
          frozenW = wR; // MODEL.md §4: C (w0 + sigma_w eps) at every step
        }
      } else {
        wR = sd.placeHolder(W_INIT, dt, b, n, n, ns).get(SDIndex.all(), SDIndex.interval(r0, n));
      }

      List<SDVariable> logits = new ArrayList<>();
      for (int t = 0; t < steps; t++) {
        // 1. message (MODEL.md §3.1): Z_i = fanIn^-1/2 sum_j w_ij (outer) a_j, h_i = M vec(Z_i)
        SDVariable wPerm = sd.permute(wR, 0, 1, 3, 2).reshape(b, (long) rows * ns, n);
        SDVariable zMsg = sd.mmul(wPerm, a).reshape((long) b * rows, (long) ns * na);
        SDVariable hR = mmulT(zMsg, m).reshape(b, rows, na).mul(fanR);
        SDVariable h = sd.concat(1, zeroH, hR).reshape((long) b * n, na);
        // 2. activation rule (MODEL.md §3.2), W1 applied block by block
        SDVariable a2 = a.reshape((long) b * n, na);
        SDVariable zA = sd.math.tanh(mmulT(a2, w1a).add(mmulT(h, w1h)).add(xeSteps[t]));
        SDVariable c = mmulT(zA, w2c).add(b2c);
        SDVariable g = sd.nn.sigmoid(mmulT(zA, w2g).add(b2g));
        SDVariable aNew2 = a2.add(g.mul(sd.math.tanh(c).sub(a2))); // (1-s) a + s tanh(c)
        SDVariable aNew = aNew2.reshape(b, n, na);
        // 4. readout (MODEL.md §3.4): y_k = r . a'_{out(k)} + r0
        SDVariable y = sd.mmul(sd.mmul(aNew2, rCol).reshape(b, n), outputSel).add(r0v);
        logits.add(y);
        // 3. synapse rule: post state after the update, pre state before it
        SDVariable wNext;
        if (frozenW != null) {
          wNext = frozenW;
        } else if (spec.type() == NetType.HEBBIAN) {
          wNext = hebbian(wR, aNew, a, maskR);
        } else {
          wNext = rule.apply(wR, aNew, a2, maskR);
        }
        a = aNew;
        wR = wNext;
      }

      // ---- outputs and loss (golden README "expected": mean BCE over [K, B, Dout])
      sd.stack(LOGITS_ALL, 0, logits.toArray(new SDVariable[0]));
      SDVariable[] scored =
          Arrays.stream(spec.scoreSteps()).mapToObj(logits::get).toArray(SDVariable[]::new);
      SDVariable y = sd.stack(LOGITS_SCORED, 0, scored);
      SDVariable bce =
          sd.nn
              .relu(y, 0.0)
              .sub(y.mul(targets))
              .add(sd.nn.softplus(sd.math.abs(y).neg())); // max(y,0) - y t + log(1 + e^-|y|)
      SDVariable loss = sd.mean(LOSS, bce);
      sd.setLossVariables(loss);
      sd.identity(A_FINAL, a);
      sd.concat(W_FINAL, 1, zeroW, wR);
    }

    /** MODEL.md §4 hebbian: w' = C ((1 - lam) w + eta a'_i[0] a_j[0]), S = 1. */
    private SDVariable hebbian(SDVariable wR, SDVariable aNew, SDVariable a, SDVariable maskR) {
      SDVariable post =
          aNew.get(SDIndex.all(), SDIndex.interval(r0, n), SDIndex.interval(0, 1))
              .reshape(b, rows, 1, 1);
      SDVariable pre =
          a.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, 1)).reshape(b, 1, n, 1);
      SDVariable decay = param("lam").rsub(1.0);
      return wR.mul(decay).add(post.mul(pre).mul(param("eta"))).mul(maskR);
    }

    /**
     * The learned synapse rule F_s (MODEL.md §3.3) with the factorised first layer of golden README
     * "One step": {@code U1 v_ij = Uw w_ij + P_i + Q_j}, {@code P_i = Upa a'_i + Upe e_i + d1} per
     * post neuron and {@code Q_j = Uqa a_j + Uqe e_j} per pre neuron, broadcast over the synapses.
     */
    private final class SynapseRule {
      private final SDVariable uw;
      private final SDVariable upa;
      private final SDVariable uqa;
      private final SDVariable embP;
      private final SDVariable embQ;
      private final SDVariable u2c;
      private final SDVariable u2g;
      private final SDVariable d2c;
      private final SDVariable d2g;
      private final int hs;

      SynapseRule(SDVariable emb) {
        int nE = spec.sizes().e();
        hs = spec.sizes().hs();
        SDVariable u1 = param("U1"); // columns act on [w (S), a'_i (A), a_j (A), e_i (E), e_j (E)]
        uw = cols(u1, 0, ns);
        upa = cols(u1, ns, ns + na);
        uqa = cols(u1, ns + na, ns + 2 * na);
        SDVariable upe = cols(u1, ns + 2 * na, ns + 2 * na + nE);
        SDVariable uqe = cols(u1, ns + 2 * na + nE, ns + 2 * na + 2 * nE);
        embP = mmulT(rows(emb, r0, n), upe).add(param("d1")); // [R, Hs]
        embQ = mmulT(emb, uqe); // [N, Hs]
        SDVariable u2 = param("U2"); // rows 0..S-1 give c, S..2S-1 give g
        u2c = rows(u2, 0, ns);
        u2g = rows(u2, ns, 2 * ns);
        d2c = rows(param("d2"), 0, ns);
        d2g = rows(param("d2"), ns, 2 * ns);
      }

      /** w'_R from w_R [B,R,N,S], a' [B,N,A] (after the step), a [B*N, A] (before it). */
      SDVariable apply(SDVariable wR, SDVariable aNew, SDVariable a2, SDVariable maskR) {
        SDVariable postA =
            aNew.get(SDIndex.all(), SDIndex.interval(r0, n), SDIndex.all())
                .reshape((long) b * rows, na);
        SDVariable post = mmulT(postA, upa).reshape(b, rows, hs).add(embP).reshape(b, rows, 1, hs);
        SDVariable pre = mmulT(a2, uqa).reshape(b, n, hs).add(embQ).reshape(b, 1, n, hs);
        long syn = (long) b * rows * n;
        SDVariable wFlat = wR.reshape(syn, ns);
        SDVariable zS =
            sd.math
                .tanh(mmulT(wFlat, uw).reshape(b, rows, n, hs).add(post).add(pre))
                .reshape(syn, hs);
        SDVariable c = mmulT(zS, u2c).add(d2c);
        SDVariable g = sd.nn.sigmoid(mmulT(zS, u2g).add(d2g));
        SDVariable wNew = wFlat.add(g.mul(sd.math.tanh(c).sub(wFlat)));
        return wNew.reshape(b, rows, n, ns).mul(maskR);
      }
    }
  }
}
