package org.engram.driver.run;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.engram.driver.sink.OutputFileSystems;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TrialCommitter;
import org.engram.driver.sink.TrialRecord;
import org.engram.eval.NetworkSize;
import org.engram.result.CurvePoint;
import org.engram.result.DifficultyMetrics;
import org.engram.result.TrialResult;
import org.engram.result.TrialStatus;
import org.engram.runtime.BuildInfo;
import org.engram.runtime.SpecJson;
import org.engram.spec.TrialSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A Spark plugin ({@code spark.plugins}) that warms an executor up as it starts: a background
 * thread loads ND4J's backend and natives, Jackson's spec reader and the commit's Parquet and
 * Hadoop writers (a few commits of a made-up trial to a temporary local directory, deleted after),
 * which the executor's first trials would otherwise load and compile on their own critical path
 * (about 0.5 s of ND4J, 0.7 s for the first commit and 15-20 ms more for each of the next few
 * dozen, measured on the 2-core VM). It runs beside the executor's start and its first trial, on a
 * core that is otherwise idle whenever an executor has fewer tasks than the machine has cores.
 * {@code spark.engram.warmUp=false} turns it off.
 *
 * <p>Harmless by construction: it only reads and writes its own temporary directory, never the
 * run's output, and any failure is logged and ignored (the trial then loads what it needs itself).
 */
public final class WarmUpPlugin implements SparkPlugin {
  private static final Logger LOG = LoggerFactory.getLogger(WarmUpPlugin.class);

  /** The setting that turns the warm-up off. */
  public static final String ENABLED = "spark.engram.warmUp";

  /**
   * Commits of the made-up trial: the first loads the classes, the rest get the JIT going. Measured
   * on the VM (CPU of one commit 1.5 s after the last, as between trials): after 3 warm-up commits
   * 21 ms, after 50 9 ms, after 200 7 ms; 50 cost about 1.1 s of CPU.
   */
  private static final int COMMITS = 50;

  /** The warm-up stops committing after this long, whatever the count. */
  private static final long MAX_COMMIT_NANOS = 4_000_000_000L;

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new Executor();
  }

  /**
   * {@code spark.plugins} with this plugin added to those {@code conf} already names (a no-op if it
   * is there).
   */
  public static String withThisPlugin(String plugins) {
    return SparkPlugins.adding(plugins, WarmUpPlugin.class);
  }

  /** Adds the plugin to a session's settings (see {@link #withThisPlugin}). */
  public static void register(SparkConf conf) {
    conf.set("spark.plugins", withThisPlugin(conf.get("spark.plugins", "")));
  }

  private static final class Executor implements ExecutorPlugin {
    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
      if (!ctx.conf().getBoolean(ENABLED, true)) {
        return;
      }
      Configuration hadoop = hadoopConf(ctx.conf());
      Thread t = new Thread(() -> warmUp(hadoop), "engram-warm-up");
      t.setDaemon(true);
      t.start();
    }
  }

  /** A Hadoop configuration with the session's {@code spark.hadoop.*} settings, as Spark makes. */
  private static Configuration hadoopConf(SparkConf conf) {
    Configuration hadoop = new Configuration();
    for (Tuple2<String, String> kv : conf.getAll()) {
      if (kv._1().startsWith("spark.hadoop.")) {
        hadoop.set(kv._1().substring("spark.hadoop.".length()), kv._2());
      }
    }
    return hadoop;
  }

  private static void warmUp(Configuration hadoop) {
    try {
      LOG.info("executor warmed up: {}", run(hadoop));
    } catch (Exception | LinkageError e) {
      LOG.warn("executor warm-up failed (harmless: trials load what they need): {}", e.toString());
    }
  }

  /** Warms up this JVM; what it did and how long it took. */
  static String run(Configuration hadoop) throws IOException {
    long start = System.nanoTime();
    String backend = Workers.nd4jBackend();
    long nd4j = System.nanoTime();
    TrialSpec spec = SpecJson.read(SpecJson.write(TrialSpec.defaults(1)));
    long commitStart = System.nanoTime();
    int commits = commits(spec, hadoop);
    return String.format(
        java.util.Locale.ROOT,
        "%d ms: ND4J (%s) %d ms, %d commits %d ms",
        (System.nanoTime() - start) / 1_000_000,
        backend,
        (nd4j - start) / 1_000_000,
        commits,
        (System.nanoTime() - commitStart) / 1_000_000);
  }

  /**
   * Commits a made-up trial up to {@link #COMMITS} times to a temporary directory; how many times.
   */
  private static int commits(TrialSpec spec, Configuration hadoop) throws IOException {
    java.nio.file.Path dir = Files.createTempDirectory("engram-warm-up-");
    long start = System.nanoTime();
    OutputLayout layout = OutputLayout.of(dir.toUri().toString());
    FileSystem fs = OutputFileSystems.of(layout.root(), hadoop);
    try {
      TrialCommitter committer = new TrialCommitter(fs, hadoop, layout);
      TrialResult result = madeUp(spec);
      int n = 0;
      for (int i = 0; i < COMMITS && System.nanoTime() - start < MAX_COMMIT_NANOS; i++) {
        String id = "warm-up-" + i;
        committer.commit(
            new TrialRecord(
                "warm-up", id, "{}", result, BuildInfo.projectVersion(), "warm-up", 0, 0, 0));
        committer.committed(id);
        n++;
      }
      return n;
    } finally {
      fs.delete(layout.root(), true);
    }
  }

  private static TrialResult madeUp(TrialSpec spec) {
    List<DifficultyMetrics> evals = new ArrayList<>();
    for (int k = 1; k <= 3; k++) {
      evals.add(
          new DifficultyMetrics(
              k, 0.9, 0.9, 0.8, 0.3, 2.0, 0.01, 0.1, 100, 10, 6, 2, new NetworkSize(20, 200, 4)));
    }
    List<CurvePoint> curve = new ArrayList<>();
    for (int s = 1; s <= 10; s++) {
      curve.add(new CurvePoint(s, "loss", 1.0 / s));
    }
    return new TrialResult(
        spec,
        TrialStatus.OK,
        null,
        evals,
        1,
        curve,
        "{}",
        null,
        10,
        0,
        0.0,
        0.0,
        Workers.provenance(1, 0));
  }
}
