package org.engram.model.samediff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.engram.model.samediff.SameDiffWindow.InitKind;
import org.engram.model.samediff.SameDiffWindow.InitState;
import org.engram.model.samediff.SameDiffWindow.NetType;
import org.engram.model.samediff.SameDiffWindow.Result;
import org.engram.model.samediff.SameDiffWindow.Sizes;
import org.engram.model.samediff.SameDiffWindow.Spec;
import org.engram.model.samediff.SameDiffWindow.Structure;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times {@link SameDiffWindow} (forward, loss and every gradient of one window) on the three
 * configs of shared/reference/bench.py: dense, plastic, A=8, S=4, E=4, Ha=Hs=32, B=16, present=1,
 * gap=1, recallSteps=2, float32, and small (D=8, H=16, K=4), default (D=16, H=32, K=8), large
 * (D=32, H=64, K=8). Parameters and inputs are random; only the cost is measured.
 *
 * <p>Usage: {@code SameDiffBench [seconds per config, default 20] [configs, default
 * small,default,large]}. Set OMP_NUM_THREADS in the environment.
 */
public final class SameDiffBench {
  private static final int A = 8;
  private static final int S = 4;
  private static final int E = 4;
  private static final int HA = 32;
  private static final int HS = 32;
  private static final int B = 16;

  private SameDiffBench() {}

  /** Runs the benchmark and prints one line per config. */
  public static void main(String[] args) throws IOException {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20.0;
    String[] configs = (args.length > 1 ? args[1] : "small,default,large").split(",");
    System.out.printf(
        Locale.ROOT,
        "SameDiff window benchmark: float32, OMP_NUM_THREADS=%s, %d cores, load %.2f%n",
        System.getenv("OMP_NUM_THREADS"),
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println(
        "config     N   syn   T    ops  build_ms  first_ms  ms/window  cpu_ms/w  fwd_ms   n  VmHWM_MB"
            + "  phys_MB  javacpp_MB");
    for (String name : configs) {
      switch (name) {
        case "small" -> run(name, 8, 16, 4, seconds);
        case "default" -> run(name, 16, 32, 8, seconds);
        case "large" -> run(name, 32, 64, 8, seconds);
        default -> throw new IllegalArgumentException("unknown config " + name);
      }
    }
  }

  private static void run(String name, int d, int h, int k, double seconds) throws IOException {
    Random rnd = new Random(1234 + d);
    int n = d + 2 + d + h;
    int steps = k * 2 + k * 2;
    int[] score = new int[k];
    for (int r = 0; r < k; r++) {
      score[r] = k * 2 + 2 * r + 1; // last step of each recall event
    }
    Structure st = denseStructure(d, h);
    Spec spec =
        new Spec(
            NetType.PLASTIC,
            st,
            new Sizes(A, S, E, HA, HS),
            0.1,
            B,
            steps,
            score,
            InitKind.BIRTH,
            DataType.FLOAT);
    Map<String, INDArray> params = randomParams(rnd, 5, d + 2 + d);
    SameDiffWindow win = SameDiffWindow.build(spec, params);
    INDArray x = Nd4j.rand(DataType.FLOAT, steps, B, d + 2 + d).subi(0.5).muli(2);
    INDArray targets = Nd4j.rand(DataType.FLOAT, k, B, d).gt(0.5).castTo(DataType.FLOAT);
    INDArray eps = Nd4j.randn(DataType.FLOAT, B, n, n, S);
    InitState init = new InitState(null, null, eps);

    long t0 = System.nanoTime();
    Result first = win.run(init, x, targets);
    double firstMs = (System.nanoTime() - t0) / 1e6;
    if (!Double.isFinite(first.loss())) {
      throw new IllegalStateException(name + ": non-finite loss");
    }
    for (int i = 0; i < 2; i++) {
      win.run(init, x, targets);
    }
    int count = 0;
    long cpu0 = processCpuNanos();
    t0 = System.nanoTime();
    while ((System.nanoTime() - t0) / 1e9 < seconds || count < 3) {
      win.run(init, x, targets);
      count++;
    }
    double ms = (System.nanoTime() - t0) / 1e6 / count;
    double cpuMs = (processCpuNanos() - cpu0) / 1e6 / count;
    int fwdCount = Math.max(2, count / 2);
    win.forward(init, x, targets);
    long f0 = System.nanoTime();
    for (int i = 0; i < fwdCount; i++) {
      win.forward(init, x, targets);
    }
    double fwdMs = (System.nanoTime() - f0) / 1e6 / fwdCount;
    int syn = 0;
    for (boolean[] row : st.c()) {
      for (boolean c : row) {
        syn += c ? 1 : 0;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-8s %3d %5d %3d %6d %9.1f %9.1f %10.2f %9.2f %7.2f %3d %9.0f %8.0f %11.0f%n",
        name,
        n,
        syn,
        steps,
        win.sameDiff().getOps().size(),
        win.buildMillis(),
        firstMs,
        ms,
        cpuMs,
        fwdMs,
        count,
        vmHwmKb() / 1024.0,
        Pointer.physicalBytes() / 1048576.0,
        Pointer.totalBytes() / 1048576.0);
  }

  /** MODEL.md §2 dense: every j to every i >= D+2, no self-synapses; types of §10.10. */
  static Structure denseStructure(int d, int h) {
    int n = d + 2 + d + h;
    int[] types = new int[n];
    int[] channel = new int[n];
    int[] outputs = new int[d];
    boolean[][] c = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      types[i] = i < d ? 0 : i == d ? 1 : i == d + 1 ? 2 : i < 2 * d + 2 ? 3 : 4;
      channel[i] = i < 2 * d + 2 ? i : -1;
      for (int j = 0; j < n; j++) {
        c[i][j] = i >= d + 2 && i != j;
      }
    }
    for (int q = 0; q < d; q++) {
      outputs[q] = d + 2 + q;
    }
    return new Structure(d, 2 * d + 2, types, 5, channel, outputs, c);
  }

  /** Random meta-parameters of the plastic network, small enough to keep tanh unsaturated. */
  static Map<String, INDArray> randomParams(Random rnd, int typeCount, int dIn) {
    Map<String, INDArray> p = new LinkedHashMap<>();
    p.put("e", uniform(rnd, typeCount, E));
    p.put("w0", uniform(rnd, S));
    p.put("M", uniform(rnd, A, S * A));
    p.put("W1", uniform(rnd, HA, 2 * A + 1 + E));
    p.put("b1", uniform(rnd, HA));
    p.put("W2", uniform(rnd, 2 * A, HA));
    p.put("b2", uniform(rnd, 2 * A));
    p.put("U1", uniform(rnd, HS, S + 2 * A + 2 * E));
    p.put("d1", uniform(rnd, HS));
    p.put("U2", uniform(rnd, 2 * S, HS));
    p.put("d2", uniform(rnd, 2 * S));
    p.put("r", uniform(rnd, A));
    p.put("r0", uniform(rnd, 1));
    return p;
  }

  private static INDArray uniform(Random rnd, long... shape) {
    long size = 1;
    for (long s : shape) {
      size *= s;
    }
    double lim = shape.length == 2 ? Math.sqrt(6.0 / (shape[0] + shape[1])) : 0.3;
    float[] data = new float[(int) size];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) ((rnd.nextDouble() * 2 - 1) * lim);
    }
    return Nd4j.create(data, shape, 'c');
  }

  /** CPU time of the whole process (all threads), in nanoseconds. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Peak resident set size of this JVM (VmHWM of /proc/self/status), in kB; -1 if unknown. */
  static long vmHwmKb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
