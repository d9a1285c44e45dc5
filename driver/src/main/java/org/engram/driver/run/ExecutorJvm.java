package org.engram.driver.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.engram.model.VectorSupport;

/**
 * JVM options that Engram's executors need and that Spark must be told, appended to {@code
 * spark.executor.extraJavaOptions} so that a user's own options there are kept:
 *
 * <ul>
 *   <li>the incubating Vector API module, without which an executor still runs every trial, on the
 *       slower plain-Java synapse kernel (see {@code org.engram.model.VectorSupport}), and the
 *       compile commands that inline the vector kernels' small functions ({@link
 *       VectorSupport#INLINING}; without them C2 boxes their vectors, and a default window took a
 *       third longer), and C2's loop unrolling raised ({@link VectorSupport#UNROLLING}: a
 *       one-thread {@code default} meta-update about 10% faster);
 *   <li>the executor's cores as the JVM's processor count ({@code -XX:ActiveProcessorCount=C}),
 *       where those are known, so that a JVM on a many-core worker sizes itself as a container of C
 *       cores would: its JIT compiler threads above all. On 16 cores a JVM starts up to 12 (2 on
 *       one), which come and go as work arrives. Measured with {@code bench-spark --pin} on a
 *       16-core machine (README, Performance): in an executor pinned to one core, compiler threads
 *       that had already ended had taken 20 of 42 CPU seconds of a cold smoke-sized grid, and trial
 *       threads got 27-30% of their core;
 *   <li>for an executor of one core, HotSpot's optimising compiler alone ({@value #C2_ONLY}): the
 *       tiered JIT's quick first compilations, their profiling code and the recompilations after
 *       them all take the trial's one core. On the 2-vCPU VM, pinned one-core executors ({@code
 *       bench-spark --pin --warm}, alternating) ran 1,541 and 2,476 trials of 500 steps per hour
 *       (cold, warm) without it against 1,296 and 2,262 with it, and smoke-sized grids 9-16% more
 *       warm (cold within noise); the executors' JIT CPU fell from 20 to 8 seconds cold;
 *   <li>with it, all code compiled 20 times sooner ({@value #EARLY_COMPILATION}); at first only
 *       Parquet's and Engram's. Alone, C2 compiles a method after some 10,000 calls and loop turns.
 *       A trial's commit (four small Parquet files) makes a few hundred of each, so commits ran
 *       interpreted for a study's first tens of trials on each executor: on the Zen 3 VM ({@code
 *       bench-spark --executors 1 --pin --runs 3}, 2026-11-27) the commits' CPU per trial fell from
 *       21 and 15 ms to 9 and 9 ms in the two warm runs. Engram's meta-step calls its outer methods
 *       (the window's forward and backward, the trainer's step, Adam) once or a few times a step,
 *       so a smoke-sized trial of 100 steps left them interpreted for tens of trials too: on the
 *       Zen 5 VM ({@code bench-spark conf/bench-spark.conf --executors 1 --pin --runs 8},
 *       2026-11-28) one executor's trial threads took 0.42, 0.30, 0.23 CPU-s a trial in the grids
 *       after the cold one and 0.20-0.21 only from the fourth, against 0.27, 0.21, 0.24, 0.21 with
 *       Engram's code compiled sooner; the JIT's CPU did not rise. Since 28 Nov all code is
 *       compiled 20 times sooner, not only those two packages': a trial's commit thread also runs
 *       the JDK's file and channel code, Spark's RPC for the next trial's lease and Netty, a few
 *       calls a trial each, so at 10,000 calls they stayed interpreted for thousands of trials
 *       (perf on that thread, 28 Nov: 42% of its samples in the interpreter after 300 trials). In
 *       two alternating pairs of one-executor runs ({@code bench-spark conf/bench-spark.conf
 *       --executors 1 --pin --runs 10}, the last five compared) the commit thread took about 1.8
 *       CPU-ms a trial against 2.8 with the two packages only (the commits 1.1% and 0.9% of a trial
 *       against 1.4% and 1.9%, with the gaps 1.5% and 1.4% against 2.1% and 2.5%), the cold run's
 *       JIT 9.1 and 9.4 CPU-s against 9.5 and 7.1 and the trial threads' CPU per trial the same;
 *       and one option is cheaper than three patterns, which C2 matches against each method that
 *       reaches its threshold. The price is at start-up: Spark's own start-up code compiles sooner
 *       too, and the executors registered 5.7 and 6.2 s after the session against 4.8 and 4.5,
 *       their first trial starting 9.4 and 10.4 s in against 8.4 and 6.9: a second or three once
 *       per executor, against about a millisecond a trial;
 *   <li>G1 with garbage-collector threads sized to the executor's cores, where those are known. A
 *       JVM sizes them to the whole machine (13 parallel and 3 concurrent G1 threads on 16 cores),
 *       so each executor of one core ran up to 13 GC threads. Measured with {@code bench-spark} on
 *       a 16-core machine (README, Performance): the executors' GC took 56 CPU seconds for 32
 *       trials of 62 CPU seconds, and 8 with one GC thread, with fewer trials per hour uncapped.
 *       Several such executors on one node take cores from each other's trials;
 *   <li>JavaCPP's physical-memory check off ({@value #NO_PHYSICAL_CHECK}). With it on, each ND4J
 *       buffer (about 150,000 in a smoke-sized trial) first reads the process's resident size: 15%
 *       of the trial thread's samples (JFR), and trials 20-30% slower. ND4J frees its buffers as
 *       the heap is collected, which a trial's allocation keeps frequent; {@code
 *       -Dorg.bytedeco.javacpp.maxphysicalbytes=...} in the user's options turns it back on;
 *   <li>survivor spaces of a quarter of the young generation's eden ({@value #SURVIVORS}; the JVM's
 *       default is an eighth). A meta-update's arrays live until its backward pass; a collection in
 *       mid-update overflowed the smaller survivor spaces (45 of 106 collections of a two-thread
 *       default {@code bench}, 2 of 70 with a quarter) and promoted them to the old generation,
 *       whose growth set off G1's concurrent cycles and its growth of the heap: that {@code bench
 *       --memory} run's peak resident set was 1,038-1,115 MB against 858-870 MB with a quarter (and
 *       a two-thread {@code large}'s 1,749 against 1,055 MB), at the same speed (README,
 *       Performance).
 * </ul>
 */
public final class ExecutorJvm {
  /** The option that gives a JVM the Vector API. */
  public static final String VECTOR_MODULE = "--add-modules jdk.incubator.vector";

  /** The option that leaves a JVM with only its optimising (C2) compiler. */
  public static final String C2_ONLY = "-XX:-TieredCompilation";

  /**
   * The option that makes C2 compile a method after a twentieth of the usual calls and loop turns:
   * the trials' code, and the commit thread's Parquet, file, RPC and Netty code, each called a few
   * times a trial (see the class comment).
   */
  public static final String EARLY_COMPILATION = "-XX:CompileThresholdScaling=0.05";

  /** The option that turns JavaCPP's physical-memory check off. */
  public static final String NO_PHYSICAL_CHECK = "-Dorg.bytedeco.javacpp.maxphysicalbytes=0";

  /** The option that gives the survivor spaces a quarter of eden (see the class comment). */
  public static final String SURVIVORS = "-XX:SurvivorRatio=4";

  private static final String KEY = "spark.executor.extraJavaOptions";
  private static final String G1 = "-XX:+UseG1GC";
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*\\d+\\s*]");
  private static final Pattern USE_COLLECTOR = Pattern.compile("-XX:\\+Use\\w*GC\\b");

  private ExecutorJvm() {}

  /**
   * Adds Engram's options (see the class comment) to the executors' options, sizing GC threads to
   * {@code spark.executor.cores}, or to the cores per worker of a {@code local-cluster} master.
   * Where neither is set (a standalone executor then takes all of its worker's cores) the JVM's own
   * sizing stays.
   */
  public static void configure(SparkConf conf) {
    conf.set(KEY, options(conf.get(KEY, ""), executorCores(conf)));
  }

  /**
   * {@code userOptions} with the Vector API module, JavaCPP's physical-memory check off, the larger
   * survivor spaces and, for {@code cores >= 1}, that many processors (with one, no tiered
   * compilation, and code compiled early unless the user scales compile thresholds) and G1 with GC
   * threads for them, each added unless the user's options already choose it. G1 is named because a
   * JVM of one processor would pick the serial collector, and the thread counts were measured with
   * G1.
   *
   * @param cores the executor's cores; 0 if not known
   */
  public static String options(String userOptions, int cores) {
    String o = withVectorOptions(userOptions);
    if (!o.contains("javacpp.maxphysicalbytes")) {
      o = o + " " + NO_PHYSICAL_CHECK;
    }
    if (!o.contains("SurvivorRatio")) {
      o = o + " " + SURVIVORS;
    }
    if (cores < 1) {
      return o;
    }
    if (!o.contains("ActiveProcessorCount")) {
      o = o + " " + processors(cores);
    }
    if (cores == 1 && !o.contains("Tiered")) {
      o = o + " " + C2_ONLY;
      if (!o.contains("CompileThresholdScaling")) {
        o = o + " " + EARLY_COMPILATION;
      }
    }
    return choosesGcThreads(o) ? o : o + " " + G1 + " " + gcThreads(cores);
  }

  /** The option that makes a JVM size itself (JIT, GC, thread pools) to {@code cores}. */
  static String processors(int cores) {
    return "-XX:ActiveProcessorCount=" + cores;
  }

  /**
   * {@code options} with {@link #VECTOR_MODULE} appended, unless they name the module already,
   * {@link VectorSupport#INLINING}, unless they name its class, and {@link
   * VectorSupport#UNROLLING}, unless they set C2's loop unrolling.
   */
  public static String withVectorOptions(String options) {
    String o = options == null ? "" : options.trim();
    if (!o.contains("jdk.incubator.vector")) {
      o = o.isEmpty() ? VECTOR_MODULE : o + " " + VECTOR_MODULE;
    }
    if (!o.contains("org.engram.model.VectorMath")) {
      o = o + " " + VectorSupport.INLINING;
    }
    return o.contains("LoopUnrollLimit") || o.contains("LoopMaxUnroll")
        ? o
        : o + " " + VectorSupport.UNROLLING;
  }

  /**
   * G1's parallel (stop-the-world) threads, one per core but at least two, and its concurrent ones,
   * a quarter as many (at least one), the ratio the JVM itself uses. At least two: with one, each
   * pause stalls the trial longer (on the 2-vCPU VM, one-core executors capped at one ran 1,955
   * trials per hour against 2,248 with two, in two alternating pairs of runs).
   */
  static String gcThreads(int cores) {
    int parallel = Math.max(2, cores);
    return "-XX:ParallelGCThreads="
        + parallel
        + " -XX:ConcGCThreads="
        + Math.max(1, (parallel + 2) / 4);
  }

  /** Whether options pick a collector or its thread counts: the user's choice then stands. */
  static boolean choosesGcThreads(String options) {
    return options.contains("GCThreads") || USE_COLLECTOR.matcher(options).find();
  }

  /** The executors' cores if the conf says, else 0. */
  static int executorCores(SparkConf conf) {
    if (conf.contains("spark.executor.cores")) {
      try {
        return Integer.parseInt(conf.get("spark.executor.cores").trim());
      } catch (NumberFormatException e) {
        return 0; // Spark rejects the value itself, naming the key
      }
    }
    Matcher m = LOCAL_CLUSTER.matcher(conf.get("spark.master", ""));
    return m.matches() ? Integer.parseInt(m.group(2)) : 0;
  }

  /** All the cores of a {@code local-cluster[E,C,M]} master (E x C); 0 for any other master. */
  static int localClusterCores(String master) {
    Matcher m = LOCAL_CLUSTER.matcher(master);
    return m.matches() ? Integer.parseInt(m.group(1)) * Integer.parseInt(m.group(2)) : 0;
  }
}
