package org.engram.driver.run;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.engram.driver.config.Experiment;
import org.engram.driver.grid.Trial;
import org.engram.driver.sink.Manifests;
import org.engram.driver.sink.OutputFileSystems;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.RunManifest;
import org.engram.driver.sink.TableReader;
import org.engram.driver.sink.Tables;
import org.engram.result.TrialStatus;
import org.engram.runtime.BuildInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver side of a run: expands the grid, skips trials that already have a row (OK always,
 * FAILED unless {@code --retry-failed}), runs the rest, prints progress, and writes the manifest.
 * The trials run through a queue on the driver that a worker task per slot leases them from ({@link
 * QueuedRun}, {@code run.scheduling = queue}), or as one Spark job with one partition per task of
 * trials (so a free executor pulls the next task; see {@link TrialBatch}).
 */
public final class RunDriver {
  private static final Logger LOG = LoggerFactory.getLogger(RunDriver.class);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * Staging files older than this are leftovers of killed attempts (a day: longer than a trial).
   */
  private static final long STALE_STAGING_MILLIS = 24L * 3600 * 1000;

  private final SparkSession spark;

  public RunDriver(SparkSession spark) {
    this.spark = spark;
  }

  /** Runs what is missing from the output. */
  public RunReport run(Experiment exp, RunOptions opts) throws IOException {
    List<Trial> trials = exp.grid().expand();
    Instant started = Instant.now();
    String runId =
        RUN_ID.format(started)
            + "-"
            + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
    OutputLayout layout = OutputLayout.of(opts.output());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = OutputFileSystems.of(layout.root(), hadoop);
    fs.mkdirs(layout.root());
    try (OutputLock lock = OutputLock.acquire(fs, layout, runId)) {
      return runLocked(exp, opts, runId, started, trials, layout, hadoop, fs);
    }
  }

  private RunReport runLocked(
      Experiment exp,
      RunOptions opts,
      String runId,
      Instant started,
      List<Trial> trials,
      OutputLayout layout,
      Configuration hadoop,
      FileSystem fs)
      throws IOException {
    int stale = layout.cleanStaging(fs, STALE_STAGING_MILLIS);
    if (stale > 0) {
      LOG.info("removed {} leftovers of killed attempts from {}", stale, layout.staging());
    }
    Manifests manifests = new Manifests(fs, layout);
    checkCores(exp.run());

    Map<String, String> committed = new TableReader(spark, layout).committedStatus(Tables.all());
    List<TrialJob> jobs = new ArrayList<>();
    int skippedOk = 0;
    int skippedFailed = 0;
    for (Trial t : trials) {
      String status = committed.get(t.id());
      if (TrialStatus.OK.name().equals(status)) {
        skippedOk++;
      } else if (TrialStatus.FAILED.name().equals(status) && !opts.retryFailed()) {
        skippedFailed++;
      } else {
        jobs.add(new TrialJob(t.id(), t.index(), t.specJson()));
      }
    }
    opts.out()
        .printf(
            "run %s (%s): %d trials in the grid, %d already OK, %d FAILED kept%s, %d to run%n",
            runId,
            exp.run().name(),
            trials.size(),
            skippedOk,
            skippedFailed,
            skippedFailed > 0 ? " (--retry-failed runs them)" : "",
            jobs.size());
    Map<String, Integer> skipped = Map.of("OK", skippedOk, "FAILED", skippedFailed);
    manifests.write(
        manifest(
            exp,
            opts,
            runId,
            "running",
            started,
            null,
            trials.size(),
            skipped,
            jobs.size(),
            Map.of(),
            null));

    List<TrialOutcome> outcomes = List.of();
    String error = null;
    try {
      if (!jobs.isEmpty()) {
        outcomes = submit(exp, opts, runId, jobs, hadoop);
      }
    } catch (RuntimeException e) {
      error = e.toString();
      throw e;
    } finally {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (TrialOutcome o : outcomes) {
        counts.merge(o.status(), 1, Integer::sum);
      }
      manifests.write(
          manifest(
              exp,
              opts,
              runId,
              error == null ? "finished" : "failed",
              started,
              Instant.now(),
              trials.size(),
              skipped,
              jobs.size(),
              counts,
              error));
    }
    RunReport report = new RunReport(runId, trials.size(), skippedOk, skippedFailed, outcomes);
    opts.out()
        .printf(
            "run %s finished: %d OK, %d FAILED of %d run; results in %s%n",
            runId, report.count("OK"), report.count("FAILED"), jobs.size(), opts.output());
    outcomes.stream()
        .filter(o -> o.status().equals(TrialStatus.FAILED.name()))
        .forEach(o -> opts.out().printf("  FAILED %s: %s%n", o.trialId(), firstLine(o.error())));
    return report;
  }

  private List<TrialOutcome> submit(
      Experiment exp, RunOptions opts, String runId, List<TrialJob> jobs, Configuration hadoop) {
    if (exp.run().scheduling() == RunSettings.Scheduling.QUEUE) {
      if (TrialQueuePlugin.loadedIn(spark.sparkContext())) {
        return new QueuedRun(spark, exp.run(), opts, runId, jobs, hadoop, attempts()).run();
      }
      opts.out()
          .printf(
              "run.scheduling = queue needs %s in spark.plugins, which this session lacks;"
                  + " running tasks of trials%n",
              TrialQueuePlugin.class.getName());
    }
    if (opts.maxWorkers() != RunOptions.ALL_SLOTS) {
      // Tasks of trials go to whichever slots are free: a cap would not hold.
      throw new IllegalArgumentException(
          "maxWorkers = "
              + opts.maxWorkers()
              + " needs run.scheduling = queue (with the TrialQueuePlugin), not tasks of trials");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LongAccumulator done = spark.sparkContext().longAccumulator(RunProgress.DONE_ACCUMULATOR);
    LongAccumulator failed = spark.sparkContext().longAccumulator(RunProgress.FAILED_ACCUMULATOR);
    List<List<TrialJob>> batches = batches(exp.run(), jobs, opts);
    RunProgress progress =
        new RunProgress(
            runId,
            batches.stream().map(b -> b.stream().map(TrialJob::trialId).toList()).toList(),
            opts.out());
    spark.sparkContext().addSparkListener(progress);
    jsc.setJobGroup(
        runId, "engram " + exp.run().name() + ": " + jobs.size() + " trials (" + runId + ")", true);
    // Broadcast: each executor reads the configuration once, not once per trial (a task's
    // closure is deserialised anew for every task), and once per session while it is unchanged.
    Broadcast<SerializableConf> conf = HadoopConfBroadcast.of(jsc, hadoop);
    try {
      TrialTask task =
          new TrialTask(runId, opts.output(), exp.run(), conf, done, failed, attempts());
      // One partition per task: Spark hands each free slot the next one, in partition order.
      List<TrialOutcome> outcomes =
          jsc.parallelize(batches, batches.size()).flatMap(new TrialBatch(task)).collect();
      progress.awaitDone(jobs.size(), 5_000);
      return outcomes;
    } finally {
      jsc.clearJobGroup();
      spark.sparkContext().removeSparkListener(progress);
    }
  }

  /**
   * The trials of each task: {@code run.trialsPerTask} of them, or guided sizes for {@code auto}.
   */
  private List<List<TrialJob>> batches(RunSettings run, List<TrialJob> jobs, RunOptions opts) {
    if (run.trialsPerTask() != RunSettings.AUTO) {
      return TrialBatch.of(jobs, run.trialsPerTask());
    }
    int slots = slots(run.coresPerTrial());
    List<List<TrialJob>> batches = TrialBatch.guided(jobs, slots, run.maxTrialsPerTask());
    int largest = batches.get(0).size();
    int smallest = batches.get(batches.size() - 1).size();
    opts.out()
        .printf(
            "run.trialsPerTask = auto: %d task%s for %d slot%s, of %s%n",
            batches.size(),
            batches.size() == 1 ? "" : "s",
            slots,
            slots == 1 ? "" : "s",
            largest == 1
                ? "one trial each"
                : largest + " trials" + (smallest == largest ? " each" : " down to " + smallest));
    return batches;
  }

  /**
   * The trials that can run at once: the cores of a {@code local-cluster[E,C,M]} master (E x C);
   * otherwise the cores Spark knows of now ({@code local[N]}'s N, or the executors registered so
   * far, at least 2) or is configured to get, whichever is more; over the cores a trial takes. Too
   * many only makes the tasks smaller; too few, larger ({@code run.maxTrialsPerTask} bounds that).
   */
  int slots(int coresPerTrial) {
    return slots(spark, coresPerTrial);
  }

  static int slots(SparkSession spark, int coresPerTrial) {
    int cores = ExecutorJvm.localClusterCores(spark.sparkContext().master());
    if (cores == 0) {
      SparkConf c = spark.sparkContext().getConf();
      cores = spark.sparkContext().defaultParallelism();
      cores = Math.max(cores, c.getInt("spark.cores.max", 0));
      cores =
          Math.max(
              cores, c.getInt("spark.executor.instances", 0) * c.getInt("spark.executor.cores", 1));
    }
    return Math.max(1, cores / coresPerTrial);
  }

  /**
   * The attempts Spark gives a task in this session. Local mode ignores {@code
   * spark.task.maxFailures}: {@code local[N]} tries once, {@code local[N,F]} F times.
   */
  int attempts() {
    return attempts(spark);
  }

  static int attempts(SparkSession spark) {
    String master = spark.sparkContext().master();
    Matcher local = Pattern.compile("local(\\[[^,\\]]*(,(\\d+))?])?").matcher(master);
    if (local.matches()) {
      return local.group(3) == null ? 1 : Integer.parseInt(local.group(3));
    }
    return spark.sparkContext().getConf().getInt("spark.task.maxFailures", 4);
  }

  private void checkCores(RunSettings run) {
    String cpus = spark.sparkContext().getConf().get("spark.task.cpus", "1");
    if (!cpus.equals(Integer.toString(run.coresPerTrial()))) {
      LOG.warn(
          "run.coresPerTrial is {} but the session has spark.task.cpus={}; Spark schedules by the"
              + " latter",
          run.coresPerTrial(),
          cpus);
    }
  }

  private RunManifest manifest(
      Experiment exp,
      RunOptions opts,
      String runId,
      String state,
      Instant started,
      Instant finished,
      int grid,
      Map<String, Integer> skipped,
      int submitted,
      Map<String, Integer> counts,
      String error) {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("code_version", BuildInfo.CODE_VERSION);
    versions.put("project_version", BuildInfo.projectVersion());
    versions.put("git_commit", BuildInfo.gitCommit());
    versions.put("java", System.getProperty("java.version"));
    versions.put("spark", spark.version());
    return new RunManifest(
        runId,
        exp.run().name(),
        state,
        exp.source(),
        opts.commandLine(),
        spark.sparkContext().master(),
        opts.output(),
        started.toString(),
        finished == null ? null : finished.toString(),
        grid,
        skipped,
        submitted,
        counts,
        opts.retryFailed(),
        versions,
        error,
        Manifests.parseJson(exp.resolvedJson()));
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
