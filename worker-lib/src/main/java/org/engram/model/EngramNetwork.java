package org.engram.model;

import java.util.ArrayList;
import java.util.List;
import org.engram.runtime.Workspaces;
import org.engram.spec.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The engram network of MODEL.md sections 2 to 4 for one structure and precision: runs a window
 * forward from a birth or carried state, and back-propagates its loss to every meta-parameter with
 * the carried state a constant (truncated BPTT).
 *
 * <p>One step (section 3): message from the state before the step, activation rule, readout of the
 * updated output neurons, then the synapse rule with the post-synaptic state after the update and
 * the pre-synaptic state before it. Every op acts on whole batched tensors.
 */
public final class EngramNetwork {
  private final NetworkStructure structure;
  private final NetworkSpec spec;
  private final DataType dtype;
  private final ParameterLayout layout;
  private final int a;
  private final int s;
  private final INDArray typeOneHot; // [N, types]
  private final INDArray mask; // [R, N]
  // The same two on the host, for the per-window loops that read them (constant: read once).
  private final double[] typeOneHotValues;
  private final double[] maskValues;
  private final ActivationRule activationRule;
  private final Synapses synapses;
  private final Readout readout;

  public EngramNetwork(NetworkStructure structure, NetworkSpec spec, DataType dtype) {
    this.structure = structure;
    this.spec = spec;
    this.dtype = dtype;
    this.a = spec.activationSize();
    this.s = spec.effectiveSynapseSize();
    this.layout =
        ParameterLayout.of(
            spec.type(),
            structure.typeCount(),
            a,
            s,
            spec.embeddingSize(),
            spec.activationHidden(),
            spec.synapseHidden());
    int n = structure.neuronCount();
    int r = structure.receivingCount();
    int nIn = structure.inputCount();
    double[] oneHot = new double[n * structure.typeCount()];
    double[] maskValues = new double[r * n];
    double[] fan = new double[r];
    for (int i = 0; i < n; i++) {
      oneHot[i * structure.typeCount() + structure.type(i)] = 1.0;
    }
    for (int row = 0; row < r; row++) {
      for (int j = 0; j < n; j++) {
        maskValues[row * n + j] = structure.connected(nIn + row, j) ? 1.0 : 0.0;
      }
      fan[row] = 1.0 / Math.sqrt(structure.fanIn(nIn + row));
    }
    this.typeOneHot = Nd4j.create(oneHot, new long[] {n, structure.typeCount()}, dtype);
    this.mask = Nd4j.create(maskValues, new long[] {r, n}, dtype);
    this.typeOneHotValues = oneHot;
    this.maskValues = maskValues;
    Message message = new Message(structure, s, a, Nd4j.create(fan, new long[] {r}, dtype));
    this.activationRule = new ActivationRule(a);
    this.synapses =
        switch (spec.type()) {
          case FROZEN_SYNAPSES -> new TensorSynapses(message, new FrozenSynapses());
          case HEBBIAN -> new TensorSynapses(message, new HebbianRule(structure, mask));
          default -> new LearnedSynapses(structure, s, a, spec.embeddingSize());
        };
    this.readout = new Readout(structure.firstOutput(), structure.outputSize(), a);
  }

  public ParameterLayout layout() {
    return layout;
  }

  public NetworkStructure structure() {
    return structure;
  }

  public NetworkSpec spec() {
    return spec;
  }

  public DataType dtype() {
    return dtype;
  }

  /** The effective synapse state size S. */
  public int synapseSize() {
    return s;
  }

  /**
   * One step of the synapse rule alone, with no message, activation rule or readout: the rule's
   * response to a chosen state (the probes of MODEL.md section 8).
   *
   * @param syn {@code [B, R, N, S]} synapses before the step
   * @param actNext {@code [B, N, A]} activations after the step (the post-synaptic side)
   * @param act {@code [B, N, A]} activations before the step (the pre-synaptic side)
   * @return {@code [B, R, N, S]} the synapses after the step
   */
  public INDArray synapseUpdate(
      MetaParameters theta, INDArray syn, INDArray actNext, INDArray act) {
    INDArray embeddings = typeOneHot.mmul(theta.get("e"));
    Synapses.Window window = synapses.begin(theta, embeddings, syn.castTo(dtype).dup('c'), false);
    // A step reads the pre-synaptic side when it computes the message, as in forward.
    window.message(act.castTo(dtype));
    window.update(actNext.castTo(dtype), act.castTo(dtype));
    return window.state();
  }

  /**
   * The synapses at birth, {@code C (w0 + sigma_w eps)}, of lifetimes with birth noise {@code
   * birthNoise} ({@code [B, R, N, S]}).
   */
  public INDArray birthSynapses(MetaParameters theta, INDArray birthNoise) {
    int batch = (int) birthNoise.size(0);
    boolean[] born = new boolean[batch];
    java.util.Arrays.fill(born, true);
    INDArray act = Nd4j.zeros(dtype, batch, structure.neuronCount(), a);
    return startSynapses(theta, new WindowStart(act, null, birthNoise, born));
  }

  /**
   * Runs one window forward.
   *
   * @param keepTape whether to keep what {@link #backward} needs (training) or not (evaluation)
   */
  public WindowPass forward(
      MetaParameters theta, WindowStart start, WindowInput input, boolean keepTape) {
    int batch = input.batch();
    int steps = input.steps();
    long n = structure.neuronCount();
    INDArray embeddings = typeOneHot.mmul(theta.get("e")); // [N, E]
    INDArray embBatch = embeddings.reshape(1, n, -1).repeat(0, batch);
    INDArray act = startActivations(start);
    Synapses.Window syn = synapses.begin(theta, embeddings, startSynapses(theta, start), keepTape);
    // x~_i of every step at once, [T, B, N]: channel i, 0 if hidden. One copy per window instead
    // of a concatenation per step (each ND4J array made costs native pointers; see HostArrays).
    INDArray channels = Nd4j.zeros(dtype, steps, batch, n);
    channels
        .get(
            NDArrayIndex.all(),
            NDArrayIndex.all(),
            NDArrayIndex.interval(0, structure.channelCount()))
        .assign(input.x());
    INDArray logits = Nd4j.zeros(dtype, steps, batch, structure.outputSize());
    int logitsPerStep = batch * structure.outputSize();
    List<WindowPass.StepCache> tape = keepTape ? new ArrayList<>(steps) : null;
    INDArray firstAct = null;
    INDArray firstSyn = null;
    for (int t = 0; t < steps; t++) {
      INDArray channel = channels.slice(t);
      INDArray h = syn.message(act);
      ActivationRule.Step upd = activationRule.forward(theta, act, h, channel, embBatch);
      INDArray actNext = upd.next();
      HostArrays.writeAt(logits, (long) t * logitsPerStep, readout.logits(theta, actNext));
      syn.update(actNext, act);
      if (tape != null) {
        tape.add(new WindowPass.StepCache(upd.cache(), actNext));
      }
      act = actNext;
      if (t == 0) {
        firstAct = act;
        firstSyn = syn.state();
      }
    }
    INDArray scored = scoredLogits(logits, input);
    double loss = BinaryCrossEntropy.loss(scored, input.targets());
    WindowPass.Tape kept = tape == null ? null : new WindowPass.Tape(input, start, tape, syn);
    return new WindowPass(logits, scored, loss, act, syn.state(), firstAct, firstSyn, kept);
  }

  /**
   * Back-propagates the window's loss to every meta-parameter (truncated BPTT: the carried start
   * state is a constant; the birth state depends on w0).
   */
  public MetaParameters backward(MetaParameters theta, WindowPass pass) {
    return backward(theta, pass, theta.zerosLike());
  }

  /**
   * {@link #backward(MetaParameters, WindowPass)} into {@code grads}, which it overwrites and
   * returns: a trainer keeps one such buffer, as a fresh one (a flat array and a view per
   * parameter) took 130 us, 3% of a smoke-sized meta-step.
   */
  public MetaParameters backward(MetaParameters theta, WindowPass pass, MetaParameters grads) {
    WindowPass.Tape tape = pass.tape();
    if (tape == null) {
      throw new IllegalStateException("the forward pass kept no tape: call forward(..., true)");
    }
    WindowInput input = tape.input();
    int batch = input.batch();
    long n = structure.neuronCount();
    grads.flat().assign(0);
    INDArray dLogits = BinaryCrossEntropy.gradient(pass.scoredLogits(), input.targets());
    int logitsPerStep = batch * structure.outputSize();
    int[] scoreSteps = input.scoreSteps();
    int nextScored = scoreSteps.length - 1;
    // d a' of the step being back-propagated: with the synapses' kernel state, all that carries
    // from a step to the step before.
    INDArray dActNext = Nd4j.zeros(dtype, batch, n, a);
    // d a and d h of the step being back-propagated, written by the activation rule; d a becomes
    // the step before's d a' by swapping the two arrays.
    INDArray dAct = Nd4j.zeros(dtype, batch, n, a);
    INDArray dMsg = Nd4j.zeros(dtype, batch, n, a);
    Synapses.Window syn = tape.synapses();
    INDArray dEmbBatch = Nd4j.zeros(dtype, batch * n, spec.embeddingSize());
    List<WindowPass.StepCache> steps = tape.steps();
    for (int t = steps.size() - 1; t >= 0; t--) {
      // A step's temporaries die with it; only d a and d w move on to the step before, so the
      // backward pass needs the memory of one step, not of the window.
      try (MemoryWorkspace ws = Workspaces.iteration("engram-backward-step")) {
        WindowPass.StepCache c = steps.get(t);
        if (nextScored >= 0 && scoreSteps[nextScored] == t) {
          double[] dy =
              HostArrays.doubles(dLogits, (long) nextScored * logitsPerStep, logitsPerStep);
          readout.backward(theta, grads, c.activationsAfter(), dy, dActNext);
          nextScored--;
        }
        Synapses.Grads sg = syn.backwardUpdate(t, grads);
        sg.addActNextTo(dActNext);
        activationRule.backward(theta, grads, c.activation(), dActNext, dAct, dMsg, dEmbBatch);
        syn.backwardMessage(t, grads, dMsg, dAct);
        sg.addActTo(dAct);
        INDArray done = dActNext; // the step's d a' is spent: it takes the step before's d a
        dActNext = dAct;
        dAct = done;
      }
    }
    INDArray dEmb = batchSum(dEmbBatch, batch);
    syn.finish(grads, dEmb);
    HostArrays.add(grads.get("e"), typeGradient(HostArrays.doubles(dEmb)));
    accumulateBirthGradient(grads, tape.start(), syn.startGradient());
    return grads;
  }

  // The start state and the birth gradient are computed on host arrays, each made into one ND4J
  // array: as chains of ND4J casts, reshapes, views and broadcasts they made some 30 ND4J buffers a
  // window, and each buffer's bookkeeping outlives a young collection (see LearnedSynapses).

  /** d w0 = sum over born lifetimes (all, for frozen synapses) of C * d w_start (MODEL.md §2). */
  private void accumulateBirthGradient(MetaParameters grads, WindowStart start, INDArray dSyn) {
    int batch = start.batch();
    int rn = Math.toIntExact(mask.length());
    double[] m = maskValues;
    double[] dW0 = new double[s];
    for (int b = 0; b < batch; b++) {
      if (!born(start, b)) {
        continue;
      }
      // A lifetime at a time: a whole batch's synapses as one Java array would be a humongous
      // object for G1 at the default size and above.
      double[] d = HostArrays.doubles(dSyn, (long) b * rn * s, rn * s);
      for (int q = 0; q < rn; q++) {
        double mq = m[q];
        for (int k = 0; k < s; k++) {
          dW0[k] += d[q * s + k] * mq;
        }
      }
    }
    HostArrays.add(grads.get("w0"), dW0);
  }

  /** The sum over the batch of {@code [B * N, E]} rows, {@code [N, E]}. */
  private INDArray batchSum(INDArray perLifetime, int batch) {
    double[] all = HostArrays.doubles(perLifetime);
    int per = all.length / batch;
    double[] sum = new double[per];
    for (int i = 0; i < all.length; i++) {
      sum[i % per] += all[i];
    }
    return Nd4j.create(
        sum, new long[] {structure.neuronCount(), per / structure.neuronCount()}, dtype);
  }

  /** d e = onehot^T d emb: each neuron's embedding gradient added to its type's, {@code [K, E]}. */
  private double[] typeGradient(double[] dEmb) {
    int n = Math.toIntExact(structure.neuronCount());
    int types = structure.typeCount();
    int e = dEmb.length / n;
    double[] oneHot = typeOneHotValues;
    double[] g = new double[types * e];
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < types; k++) {
        double x = oneHot[j * types + k];
        if (x != 0) {
          for (int ee = 0; ee < e; ee++) {
            g[k * e + ee] += x * dEmb[j * e + ee];
          }
        }
      }
    }
    return g;
  }

  /** Whether lifetime b starts from the birth state: born now, or every lifetime if frozen. */
  private boolean born(WindowStart start, int b) {
    return synapses.frozen() || start.bornAt(b);
  }

  private INDArray startActivations(WindowStart start) {
    INDArray given = start.activations();
    double[] act = HostArrays.doubles(given);
    int perLifetime = act.length / start.batch();
    for (int b = 0; b < start.batch(); b++) {
      if (start.bornAt(b)) {
        java.util.Arrays.fill(act, b * perLifetime, (b + 1) * perLifetime, 0.0);
      }
    }
    return Nd4j.create(act, given.shape(), dtype);
  }

  /**
   * The synapses at the start of the window: {@code C (w0 + sigma_w eps)} for born lifetimes (and
   * for every lifetime of a frozen network), the carried state for the others.
   */
  INDArray startSynapses(MetaParameters theta, WindowStart start) {
    int batch = start.batch();
    int r = Math.toIntExact(mask.size(0));
    int rn = Math.toIntExact(mask.length());
    if (!synapses.frozen() && start.synapses() == null) {
      for (int b = 0; b < batch; b++) {
        if (!start.bornAt(b)) {
          throw new IllegalArgumentException(
              "lifetime " + b + " carries its state but no synapses were given");
        }
      }
    }
    double[] w0 = HostArrays.doubles(theta.get("w0"));
    double[] m = maskValues;
    double sigma = spec.sigmaW();
    int perLifetime = rn * s;
    INDArray w = Nd4j.createUninitialized(dtype, batch, r, structure.neuronCount(), s);
    for (int b = 0; b < batch; b++) {
      long from = (long) b * perLifetime;
      // A lifetime at a time (see accumulateBirthGradient).
      if (!born(start, b)) {
        HostArrays.writeAt(w, from, HostArrays.doubles(start.synapses(), from, perLifetime));
        continue;
      }
      double[] lifetime = HostArrays.doubles(start.birthNoise(), from, perLifetime);
      for (int q = 0; q < rn; q++) {
        double mq = m[q];
        int at = q * s;
        for (int k = 0; k < s; k++) {
          lifetime[at + k] = (lifetime[at + k] * sigma + w0[k]) * mq;
        }
      }
      HostArrays.writeAt(w, from, lifetime);
    }
    return w;
  }

  private static INDArray scoredLogits(INDArray logits, WindowInput input) {
    int[] steps = input.scoreSteps();
    int perStep = Math.toIntExact(logits.size(1) * logits.size(2));
    double[] out = new double[steps.length * perStep];
    for (int k = 0; k < steps.length; k++) {
      double[] step = HostArrays.doubles(logits, (long) steps[k] * perStep, perStep);
      System.arraycopy(step, 0, out, k * perStep, perStep);
    }
    return Nd4j.create(
        out, new long[] {steps.length, logits.size(1), logits.size(2)}, logits.dataType());
  }
}
