package org.engram.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.engram.model.KernelThreads;
import org.engram.model.NetworkStructure;
import org.engram.runtime.Nd4jRuntime;
import org.engram.spec.EvalSpec;
import org.engram.spec.NetworkSpec;
import org.engram.spec.TaskKind;
import org.engram.spec.TaskSpec;
import org.engram.spec.TrainSpec;
import org.engram.spec.TrialSpec;
import org.engram.task.WindowLayout;
import org.engram.train.MetaTrainer;
import org.engram.train.TrialSetup;

/**
 * Throughput of full meta-updates (window generation, forward, backward, clipping, Adam over one
 * window of B = 16 lifetimes, float32) on the three configs of the PyTorch reference's {@code
 * bench.py}, with GFLOP/s counted as it counts them and peak memory, and on {@link #SMOKE}, the
 * smoke trial's. Prints a table; asserts nothing.
 *
 * <pre>
 * java ... org.engram.bench.MetaUpdateBench [--threads 1,2] [--seconds 20] [--warmup 5] [--warmup-max 60] [--configs small,default,large]
 * </pre>
 */
public final class MetaUpdateBench {
  private MetaUpdateBench() {}

  /** D, H, K of each named config; A = 8, S = 4, E = 4, Ha = Hs = 32, dense, plastic. */
  static final Map<String, int[]> CONFIGS = new LinkedHashMap<>();

  static {
    CONFIGS.put("small", new int[] {8, 16, 4});
    CONFIGS.put("default", new int[] {16, 32, 8});
    CONFIGS.put("large", new int[] {32, 64, 8});
  }

  /** One measured row. */
  public record Row(
      String config,
      int threads,
      int neurons,
      int synapses,
      int windowSteps,
      long params,
      double updatesPerSecond,
      double cpuMillisPerUpdate,
      double gflopPerUpdate,
      long peakResidentBytes,
      long peakHeapBytes,
      long peakOffHeapBytes,
      JitWarmUp.Result warmUp,
      double jitShare) {}

  public static void main(String[] args) {
    Map<String, String> opts = parse(args);
    List<Integer> threads = new ArrayList<>();
    for (String t : opts.getOrDefault("threads", "1,2").split(",")) {
      threads.add(Integer.parseInt(t.trim()));
    }
    double seconds = Double.parseDouble(opts.getOrDefault("seconds", "20"));
    double warmup = Double.parseDouble(opts.getOrDefault("warmup", "5"));
    double maxWarmup = Double.parseDouble(opts.getOrDefault("warmup-max", "60"));
    String[] configs = opts.getOrDefault("configs", "small,default,large").split(",");
    System.out.printf(
        Locale.ROOT,
        "Engram meta-update benchmark: %s, %s, %d cores, java %s, float32, B = 16%n",
        Nd4jRuntime.backend(),
        org.engram.model.VectorSupport.describe(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.printf(
        Locale.ROOT,
        "%-8s %3s %4s %6s %3s %6s %8s %8s %9s %10s %8s %9s %9s %9s %8s %5s%n",
        "config",
        "thr",
        "N",
        "syn",
        "T",
        "params",
        "upd/s",
        "ms/upd",
        "cpu-ms/up",
        "GFLOP/upd",
        "GFLOP/s",
        "peakRSS",
        "peakHeap",
        "peakOff",
        "warm-up",
        "JIT");
    for (int t : threads) {
      for (String c : configs) {
        Row r = measure(c.trim(), t, seconds, warmup, maxWarmup);
        System.out.printf(
            Locale.ROOT,
            "%-8s %3d %4d %6d %3d %6d %8.3f %8.1f %9.1f %10.3f %8.2f %8.0fM %8.0fM %8.0fM %7.1fs%s"
                + " %4.1f%%%n",
            r.config(),
            r.threads(),
            r.neurons(),
            r.synapses(),
            r.windowSteps(),
            r.params(),
            r.updatesPerSecond(),
            1e3 / r.updatesPerSecond(),
            r.cpuMillisPerUpdate(),
            r.gflopPerUpdate() / 1e9,
            r.gflopPerUpdate() / 1e9 * r.updatesPerSecond(),
            r.peakResidentBytes() / 1e6,
            r.peakHeapBytes() / 1e6,
            r.peakOffHeapBytes() / 1e6,
            r.warmUp().seconds(),
            r.warmUp().quiet() ? " " : "!",
            100 * r.jitShare());
      }
    }
  }

  /**
   * A config of Engram's own, not in the reference's {@code bench.py}: the meta-update of {@code
   * conf/smoke.conf}'s and {@code conf/bench-spark.conf}'s trials (H = 8, A = 4, S = 2, E = 2, Ha =
   * Hs = 8, D = 4, K = 2, B = 4), whose speed bench-spark's trials show.
   */
  public static final String SMOKE = "smoke";

  /** The configs {@link #spec} knows: the reference's, then {@link #SMOKE}. */
  public static List<String> configNames() {
    List<String> names = new ArrayList<>(CONFIGS.keySet());
    names.add(SMOKE);
    return names;
  }

  /** The trial spec of a named config. */
  public static TrialSpec spec(String config) {
    if (config.equals(SMOKE)) {
      NetworkSpec net = NetworkSpec.defaults().withHidden(8, 1).withSizes(4, 2, 2, 8, 8);
      TaskSpec d = TaskSpec.defaults();
      TaskSpec task =
          new TaskSpec(
              TaskKind.AUTOASSOC,
              4,
              4,
              d.sequenceLength(),
              2,
              d.present(),
              d.gap(),
              d.recallSteps(),
              d.delay(),
              d.maskFraction(),
              4);
      TrainSpec train = TrainSpec.defaults().withSteps(1_000_000).withBatch(4);
      return new TrialSpec(net, task, train, EvalSpec.defaults(), 1);
    }
    int[] dhk = CONFIGS.get(config);
    if (dhk == null) {
      throw new IllegalArgumentException(
          "config must be one of " + configNames() + ", got '" + config + "'");
    }
    NetworkSpec net = NetworkSpec.defaults().withHidden(dhk[1], 1);
    TaskSpec task =
        TaskSpec.defaults().withKind(TaskKind.AUTOASSOC, dhk[0], dhk[0]).withSnippets(dhk[2]);
    TrainSpec train = TrainSpec.defaults().withSteps(1_000_000).withBatch(16);
    return new TrialSpec(net, task, train, EvalSpec.defaults(), 1);
  }

  /**
   * Times meta-updates of one config for about {@code seconds}, after warm-up updates: at least two
   * (as {@code bench.py}) and at least {@code warmupSeconds} of them, then until the JIT is quiet
   * ({@link JitWarmUp}), at most {@code maxWarmupSeconds}: the first updates of a JVM run
   * interpreted and C1 code, and a trial of thousands of updates spends nearly all its time in the
   * compiled code. The row says how the warm-up ended and the JIT's share of the measured time.
   */
  public static Row measure(
      String config, int threads, double seconds, double warmupSeconds, double maxWarmupSeconds) {
    Nd4jRuntime.prepare();
    Nd4jRuntime.setThreads(threads);
    KernelThreads.set(threads);
    TrialSpec spec = spec(config);
    TrialSetup setup = TrialSetup.of(spec);
    MetaTrainer trainer = setup.trainer(spec);
    MemoryProbe memory = new MemoryProbe();
    System.gc();
    memory.reset();
    JitWarmUp.Result warmUp = new JitWarmUp().run(trainer::step, warmupSeconds, maxWarmupSeconds);
    memory.sample();
    int n = 0;
    LongSupplier jit = JitWarmUp.jitMillis();
    long jitStart = jit.getAsLong();
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    while ((System.nanoTime() - start) / 1e9 < seconds || n < 3) {
      trainer.step();
      memory.sample();
      n++;
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double ups = n / wall;
    double jitShare = (jit.getAsLong() - jitStart) / 1e3 / wall;
    double cpuMillis = (processCpuNanos() - cpuStart) / 1e6 / n;
    NetworkStructure s = setup.network().structure();
    int steps = WindowLayout.length(spec.task(), spec.task().snippets(), setup.recallSteps());
    return new Row(
        config,
        threads,
        s.neuronCount(),
        s.synapseCount(),
        steps,
        setup.theta().layout().totalSize(),
        ups,
        cpuMillis,
        FlopCount.perUpdate(spec.network(), spec.task(), steps, spec.train().batch()),
        memory.peakResidentBytes(),
        memory.peakHeapBytes(),
        memory.peakOffHeapBytes(),
        warmUp,
        jitShare);
  }

  /**
   * CPU time of the whole process (all BLAS/OpenMP threads); on a shared machine it tracks the work
   * done better than wall time.
   */
  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : -1;
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "usage: MetaUpdateBench [--threads 1,2] [--seconds 20] [--warmup 5] [--warmup-max 60] [--configs small,default,large], got '"
                + args[i]
                + "'");
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return m;
  }
}
