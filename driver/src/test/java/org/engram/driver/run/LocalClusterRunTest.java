package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.config.ConfigLoader;
import org.engram.driver.config.Experiment;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TableReader;
import org.engram.model.VectorSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trials in two separate executor JVMs ({@code local-cluster[2,1,1024]}: an in-process master and
 * workers, real executor processes), and an infrastructure failure that Spark retries.
 */
class LocalClusterRunTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    // Workers launch executors from $SPARK_HOME/jars (may stay empty; stack.md section 5).
    Files.createDirectories(Paths.get(System.getenv("SPARK_HOME"), "jars"));
    SparkConf conf =
        new SparkConf()
            .setMaster("local-cluster[2,1,1024]")
            .setAppName("engram-local-cluster-test")
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1")
            // Absolute paths: relative ones do not resolve in the executor's work dir.
            .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .set("spark.executorEnv.OMP_NUM_THREADS", "1")
            .set("spark.task.maxFailures", "3")
            .set(
                "spark.plugins",
                SparkPlugins.adding(CorePinningPlugin.class.getName(), TrialQueuePlugin.class))
            .set(CorePinningPlugin.ENABLED, "true");
    ExecutorJvm.configure(conf); // as SparkSessions.forRun does for the executors of a run
    spark = SparkSession.builder().config(conf).getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * Waits until {@code n} executors have registered. A run uses the executors there are, and a grid
   * of tiny trials can end in the first executor before a second one has started (seen in CI once
   * trials stopped saving checkpoints: all six trials in one JVM).
   */
  private static void awaitExecutors(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    // The status tracker lists the driver too.
    while (spark.sparkContext().statusTracker().getExecutorInfos().length < n + 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(n + " executors did not register within 2 minutes");
      }
      Thread.sleep(100);
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    }
  }

  @Test
  void trialsRunInTwoExecutorJvmsAndALostAttemptIsRetried(@TempDir Path out) throws Exception {
    awaitExecutors(2);
    Experiment exp =
        ConfigLoader.loadString(
            "run { name = cluster-test, runner = "
                + InfraFailureOnceOnTwoJvms.class.getName()
                + " }\n"
                + LocalRunTest.TINY
                + "grid { seed = [1, 2, 3, 4, 5, 6] }",
            "cluster.conf");
    RunReport r;
    try {
      r =
          new RunDriver(spark)
              .run(exp, new RunOptions(out.toString(), false, List.of("run"), System.out));
    } finally {
      deleteTree(InfraFailureOnceOnTwoJvms.markers(spark.sparkContext().applicationId()));
    }
    assertEquals(6, r.count("OK"));
    // Guided tasks are sized for the master's 2 x 1 cores, registered or not yet.
    assertEquals(2, new RunDriver(spark).slots(1));

    new TableReader(spark, OutputLayout.of(out.toString())).registerViews();
    List<Row> rows =
        spark.sql("SELECT seed, executor_id, task_attempt FROM trials").collectAsList();
    assertEquals(6, rows.size());
    Set<String> jvms =
        rows.stream().map(x -> x.getString(1).split("/", 2)[1]).collect(Collectors.toSet());
    assertEquals(2, jvms.size(), "executor JVMs: " + jvms);
    rows.forEach(x -> assertFalse(x.getString(1).startsWith("driver/"), x.toString()));
    Row retried = rows.stream().filter(x -> x.getLong(0) == 3).findFirst().orElseThrow();
    assertEquals(1, retried.getInt(2), "seed 3 committed by its second attempt");
    assertEquals(12, spark.sql("SELECT * FROM evals").count());
    // The executors got the Vector API module, so their trials ran on the vector kernel.
    List<Row> backends = spark.sql("SELECT DISTINCT nd4j_backend FROM trials").collectAsList();
    assertEquals(1, backends.size(), backends.toString());
    assertTrue(backends.get(0).getString(0).contains("kernel vector"), backends.toString());
  }

  @Test
  void aRunCappedAtOneWorkerRunsAllItsTrialsInOneExecutorJvm(@TempDir Path out) throws Exception {
    // bench-spark --interleave measures one executor of a session of two this way.
    Experiment exp =
        ConfigLoader.loadString(
            "run.name = capped\n" + LocalRunTest.TINY + "grid { seed = [1, 2, 3, 4] }",
            "capped.conf");
    RunReport r =
        new RunDriver(spark)
            .run(exp, new RunOptions(out.toString(), false, List.of("run"), System.out, 1));
    assertEquals(4, r.count("OK"));
    Set<String> jvms =
        r.outcomes().stream().map(o -> o.executorId().split("/", 2)[1]).collect(Collectors.toSet());
    assertEquals(1, jvms.size(), "executor JVMs: " + jvms);
  }

  @Test
  void aCapOnWorkersIsRefusedForTasksOfTrials(@TempDir Path out) throws Exception {
    Experiment exp =
        ConfigLoader.loadString(
            "run { name = capped-tasks, scheduling = tasks }\n"
                + LocalRunTest.TINY
                + "grid { seed = [1, 2] }",
            "capped-tasks.conf");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RunDriver(spark)
                    .run(
                        exp, new RunOptions(out.toString(), false, List.of("run"), System.out, 1)));
    assertTrue(e.getMessage().contains("run.scheduling = queue"), e.getMessage());
  }

  @Test
  void executorJvmsInlineTheVectorKernelsFunctions() {
    // ExecutorJvm's compile commands and loop unrolling reached the executors.
    List<String> kernels =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(List.of(1, 2), 2)
            .map(i -> VectorSupport.describe())
            .collect();
    for (String kernel : kernels) {
      assertTrue(kernel.startsWith("vector kernel"), kernel);
      assertFalse(kernel.contains(VectorSupport.INLINING), kernel);
      assertFalse(kernel.contains(VectorSupport.UNROLLING), kernel);
    }
  }

  @Test
  void executorJvmsRunWithoutJavaCppsPhysicalMemoryCheck() {
    // ExecutorJvm's option reached the executors, and JavaCPP read it: no per-buffer RSS reads.
    List<String> limits =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(List.of(1, 2), 2)
            .map(
                i ->
                    System.getProperty("org.bytedeco.javacpp.maxphysicalbytes")
                        + " "
                        + org.bytedeco.javacpp.Pointer.maxPhysicalBytes())
            .collect();
    assertEquals(List.of("0 0", "0 0"), limits);
  }

  @Test
  void executorJvmsOfOneCoreAreJvmsOfOneProcessorWithC2AloneG1AndTwoParallelGcThreads() {
    // The flags as the executor JVMs were started with them, and as they took effect: one
    // processor, the optimising compiler alone (two compiler threads, whatever the machine) with
    // Parquet's methods compiled early, G1, two GC threads.
    List<String> jvm =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(List.of(1, 2, 3, 4), 4)
            .map(
                i ->
                    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                            .filter(
                                a ->
                                    a.contains("GCThreads")
                                        || a.contains("ProcessorCount")
                                        || a.contains("Tiered")
                                        || a.contains("CompileThresholdScaling"))
                            .toList()
                        + " "
                        + Runtime.getRuntime().availableProcessors()
                        + " "
                        + vmOption("TieredCompilation")
                        + " "
                        + vmOption("UseG1GC")
                        + " "
                        + vmOption("ParallelGCThreads")
                        + "/"
                        + vmOption("ConcGCThreads")
                        + " "
                        + vmOption("CICompilerCount"))
            .collect();
    String expected =
        "[-XX:ActiveProcessorCount=1, -XX:-TieredCompilation, -XX:CompileThresholdScaling=0.05,"
            + " -XX:ParallelGCThreads=2, -XX:ConcGCThreads=1] 1 false true 2/1 2";
    assertEquals(List.of(expected, expected, expected, expected), jvm);
  }

  @Test
  void withPinCoresEachExecutorJvmRunsOnItsOwnCore() {
    List<String> allowed =
        CorePinningPlugin.parseCpuList(
                CorePinningPlugin.allowedCpus(ProcessHandle.current().pid()).orElseThrow())
            .stream()
            .map(String::valueOf)
            .toList();
    assumeTrue(allowed.size() >= 2, "two cores to pin two executors to");
    // Executor 0 on the first allowed core, executor 1 on the second: "pid core" per task.
    Set<String> cores =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(List.of(1, 2, 3, 4), 4)
            .map(
                i ->
                    org.apache.spark.SparkEnv.get().executorId()
                        + " "
                        + CorePinningPlugin.allowedCpus(ProcessHandle.current().pid())
                            .orElseThrow())
            .collect()
            .stream()
            .collect(Collectors.toSet());
    assertEquals(Set.of("0 " + allowed.get(0), "1 " + allowed.get(1)), cores);
  }

  private static String vmOption(String name) {
    return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .getVMOption(name)
        .getValue();
  }
}
