package org.engram.driver.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.config.ConfigLoader;
import org.engram.driver.config.Experiment;
import org.engram.driver.run.CorePinningPlugin;
import org.engram.driver.run.ExecutorJvm;
import org.engram.driver.run.RunDriver;
import org.engram.driver.run.RunOptions;
import org.engram.driver.run.RunReport;
import org.engram.driver.run.RunSettings;
import org.engram.driver.run.SparkPlugins;
import org.engram.driver.run.TrialQueuePlugin;
import org.engram.driver.run.WarmUpPlugin;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TableReader;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code engram bench-spark CONF}: what the Spark layer costs and how a grid scales over executors.
 * Runs the same grid (identical trials, e.g. {@code conf/bench-spark.conf}) on {@code
 * local-cluster[E,1,MB]} for each E of {@code --executors}: E separate executor JVMs of one core,
 * as on a cluster, each starting ND4J, receiving serialised specs and writing Parquet. Prints
 * trials per hour, where the executors' time outside trials goes, and the speed-up over the first
 * E.
 *
 * <p>From the trials table (a trial started at {@code finished_at - wall_seconds} on {@code
 * executor_id}) each executor's time splits into its start-up (from the session's start to its
 * first trial: JVM, ND4J, the driver's own set-up), its trials, the gaps between one trial's end
 * and its next trial's start (the per-trial overhead: commit, task launch, deserialisation, the
 * committed check), and its tail (its last trial's end to the run's return). Overhead is everything
 * but the trials, {@code (E * wall - sum of trial seconds) / sum of trial seconds}; the per-trial
 * gap is what a long grid cannot amortise.
 *
 * <p>{@code --rounds N} repeats the whole comparison N times, each round every executor count's
 * session in turn, and ends with the median of the rounds' gaps and speed-ups (see {@link
 * #roundsSummary}).
 */
final class SparkBenchCommand {
  private final Args args;
  private final PrintStream out;

  /**
   * Where each run writes its fresh output ({@code run-*}), all kept until the command ends. Why
   * not delete each run's output after it: on a file system without a journal (the 2-vCPU VMs'
   * ext4), creating a file skips the inodes freed in the last 30 seconds one by one, so the next
   * runs' commits paid for the last run's deletion (perf: 14% of the commit thread's CPU in that
   * scan), a cost a real run, which deletes nothing, does not have.
   */
  private Path outputs;

  SparkBenchCommand(List<String> raw, PrintStream out) {
    this.args =
        new Args(
            raw,
            Set.of("--warm", "--pin", "--interleave"),
            Set.of(
                "--executors",
                "--executor-cores",
                "--executor-memory",
                "--executor-java-options",
                "--runs",
                "--warm-runs",
                "--rounds",
                "--set"));
    this.out = out;
  }

  /**
   * One trial as the trials table has it.
   *
   * @param executor the executor (JVM) that ran it
   * @param startMillis when the trial started ({@code finished_at - wall_seconds}), epoch millis
   * @param endMillis when it finished ({@code finished_at}), epoch millis
   */
  record TrialTiming(String executor, double startMillis, double endMillis) {
    double seconds() {
      return (endMillis - startMillis) / 1000;
    }
  }

  /**
   * One measured grid: E executors' time, {@code E * wallSeconds}, is the sum of their start-ups,
   * trials, gaps and tails, plus the whole wall of an executor that ran no trial.
   *
   * @param executors task slots in the session (executors times their cores)
   * @param trials trials run
   * @param wallSeconds from the session's start to the run's return
   * @param trialSeconds the trials' wall times, summed
   * @param startupSeconds each executor's time from the session's start to its first trial, summed
   * @param gapSeconds the gaps between an executor's consecutive trials, summed
   * @param gaps how many gaps ({@code trials} less one per executor that ran any)
   * @param medianGapSeconds the median gap (0 if none): the steady state, without the first trials'
   *     cold commits
   * @param tailSeconds each executor's time from its last trial's end to the run's return, summed
   * @param firstStartSeconds from the session's start to the first trial anywhere
   * @param lastTailSeconds from the last trial's end anywhere to the run's return
   * @param busyExecutors executors that ran at least one trial
   * @param taskCpuSeconds the CPU of the executors' task threads during the run (the trials, their
   *     set-up and committed checks, a task's last commit), from {@code /proc}; NaN if not known
   * @param commitCpuSeconds the CPU of the executors' commit threads during the run (the commits
   *     beside the next trial), from {@code /proc}; NaN if not known
   */
  record Measurement(
      int executors,
      long trials,
      double wallSeconds,
      double trialSeconds,
      double startupSeconds,
      double gapSeconds,
      long gaps,
      double medianGapSeconds,
      double tailSeconds,
      double firstStartSeconds,
      double lastTailSeconds,
      int busyExecutors,
      double taskCpuSeconds,
      double commitCpuSeconds) {

    /**
     * The measurement of a run.
     *
     * @param executors task slots in the session (executors times their cores)
     * @param sessionStartMillis when the session was asked for, epoch millis
     * @param runEndMillis when the run returned, epoch millis
     * @param trials the trials the run computed
     */
    static Measurement of(
        int executors, double sessionStartMillis, double runEndMillis, List<TrialTiming> trials) {
      if (trials.isEmpty()) {
        throw new IllegalArgumentException("no trials to measure");
      }
      Map<String, List<TrialTiming>> byExecutor = byExecutor(trials, TrialTiming::executor);
      double trialSeconds = 0;
      double startup = 0;
      double gap = 0;
      double tail = 0;
      List<Double> gaps = new ArrayList<>();
      double firstStart = Double.MAX_VALUE;
      double lastEnd = -Double.MAX_VALUE;
      for (List<TrialTiming> ts : byExecutor.values()) {
        startup += ts.get(0).startMillis() - sessionStartMillis;
        for (int i = 0; i < ts.size(); i++) {
          trialSeconds += ts.get(i).seconds();
          if (i > 0) {
            double g = ts.get(i).startMillis() - ts.get(i - 1).endMillis();
            gap += g;
            gaps.add(g);
          }
          lastEnd = Math.max(lastEnd, ts.get(i).endMillis());
        }
        tail += runEndMillis - ts.get(ts.size() - 1).endMillis();
        firstStart = Math.min(firstStart, ts.get(0).startMillis());
      }
      return new Measurement(
          executors,
          trials.size(),
          (runEndMillis - sessionStartMillis) / 1000,
          trialSeconds,
          startup / 1000,
          gap / 1000,
          gaps.size(),
          median(gaps) / 1000,
          tail / 1000,
          (firstStart - sessionStartMillis) / 1000,
          (runEndMillis - lastEnd) / 1000,
          byExecutor.size(),
          Double.NaN,
          Double.NaN);
    }

    /** This measurement with the task threads' CPU of its run. */
    Measurement withTaskCpuSeconds(double seconds) {
      return withCpu(seconds, commitCpuSeconds);
    }

    /** This measurement with the commit threads' CPU of its run. */
    Measurement withCommitCpuSeconds(double seconds) {
      return withCpu(taskCpuSeconds, seconds);
    }

    private Measurement withCpu(double taskSeconds, double commitSeconds) {
      return new Measurement(
          executors,
          trials,
          wallSeconds,
          trialSeconds,
          startupSeconds,
          gapSeconds,
          gaps,
          medianGapSeconds,
          tailSeconds,
          firstStartSeconds,
          lastTailSeconds,
          busyExecutors,
          taskSeconds,
          commitSeconds);
    }

    static double median(List<Double> xs) {
      if (xs.isEmpty()) {
        return 0;
      }
      List<Double> sorted = xs.stream().sorted().toList();
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double trialsPerHour() {
      return trials / wallSeconds * 3600;
    }

    double meanTrialSeconds() {
      return trialSeconds / trials;
    }

    /** The mean gap between an executor's consecutive trials; 0 if none ran two. */
    double meanGapSeconds() {
      return gaps == 0 ? 0 : gapSeconds / gaps;
    }

    /** The mean gap as a share of the mean trial: the per-trial overhead. */
    double gapShare() {
      return meanGapSeconds() / meanTrialSeconds();
    }

    /** The mean time from the session's start to an executor's first trial. */
    double meanStartupSeconds() {
      return startupSeconds / busyExecutors;
    }

    /** Executor time outside trials per second of trial (idle executors included). */
    double overhead() {
      return (executors * wallSeconds - trialSeconds) / trialSeconds;
    }

    /** Executor time of executors that ran no trial, in seconds. */
    double idleSeconds() {
      return (executors - busyExecutors) * wallSeconds;
    }
  }

  /**
   * What Spark reports for the tasks that ran the trials (means, in seconds): the driver's time
   * from one task's result to the next task's launch on the same executor, the executor's
   * deserialisation of a task (mean and median: an executor's first task also loads the classes,
   * which dominates the mean of a short grid), the time in a task outside its trials per trial, the
   * CPU the task threads got per second of their run time (1 = a core of their own throughout), and
   * the trials per task ({@code run.trialsPerTask}).
   */
  record SparkBreakdown(
      double scheduleSeconds,
      double deserializeSeconds,
      double medianDeserializeSeconds,
      double outsideTrialSeconds,
      double taskCpuShare,
      double trialsPerTask) {}

  /**
   * One finished task, as the listener saw it (its CPU is its thread's, deserialising included).
   */
  record TaskTiming(
      String executor,
      long launchMillis,
      long finishMillis,
      long deserializeMillis,
      long runMillis,
      double cpuMillis) {}

  /**
   * The trials with each executor's split into {@code cores} task slots ({@code
   * "<executor>#<slot>"}): a trial goes to the slot that fell free last before it started, so
   * consecutive trials of a slot are one task thread's. One core: the trials as they are.
   */
  static List<TrialTiming> slots(List<TrialTiming> trials, int cores) {
    if (cores == 1) {
      return trials;
    }
    List<TrialTiming> out = new ArrayList<>();
    assign(
        trials,
        TrialTiming::executor,
        TrialTiming::startMillis,
        TrialTiming::endMillis,
        cores,
        (t, slot) -> out.add(new TrialTiming(slot, t.startMillis(), t.endMillis())));
    return out;
  }

  /** {@link #slots} for Spark's tasks, by their launch and finish on the driver. */
  static List<TaskTiming> taskSlots(List<TaskTiming> tasks, int cores) {
    if (cores == 1) {
      return tasks;
    }
    List<TaskTiming> out = new ArrayList<>();
    assign(
        tasks,
        TaskTiming::executor,
        t -> (double) t.launchMillis(),
        t -> (double) t.finishMillis(),
        cores,
        (t, slot) ->
            out.add(
                new TaskTiming(
                    slot,
                    t.launchMillis(),
                    t.finishMillis(),
                    t.deserializeMillis(),
                    t.runMillis(),
                    t.cpuMillis())));
    return out;
  }

  private static <T> void assign(
      List<T> items,
      java.util.function.Function<T, String> executor,
      java.util.function.ToDoubleFunction<T> start,
      java.util.function.ToDoubleFunction<T> end,
      int cores,
      java.util.function.BiConsumer<T, String> sink) {
    Map<String, double[]> free = new TreeMap<>(); // per executor: when each slot fell free
    items.stream()
        .sorted(Comparator.comparingDouble(start))
        .forEach(
            t -> {
              double[] slots =
                  free.computeIfAbsent(
                      executor.apply(t),
                      k -> {
                        double[] a = new double[cores];
                        java.util.Arrays.fill(a, Double.NEGATIVE_INFINITY);
                        return a;
                      });
              int best = -1;
              for (int i = 0; i < cores; i++) {
                boolean open = slots[i] <= start.applyAsDouble(t);
                if (open && (best < 0 || slots[i] > slots[best])) {
                  best = i;
                }
              }
              if (best < 0) { // overlaps every slot (clock skew): the one that frees first
                best = 0;
                for (int i = 1; i < cores; i++) {
                  best = slots[i] < slots[best] ? i : best;
                }
              }
              slots[best] = end.applyAsDouble(t);
              sink.accept(t, executor.apply(t) + "#" + best);
            });
  }

  /** Trials grouped by {@code executor} (in its order), each group in order of start. */
  static Map<String, List<TrialTiming>> byExecutor(
      List<TrialTiming> trials, java.util.function.Function<TrialTiming, String> executor) {
    Map<String, List<TrialTiming>> byExecutor = new TreeMap<>();
    for (TrialTiming t : trials) {
      byExecutor.computeIfAbsent(executor.apply(t), k -> new ArrayList<>()).add(t);
    }
    byExecutor
        .values()
        .forEach(ts -> ts.sort(Comparator.comparingDouble(TrialTiming::startMillis)));
    return byExecutor;
  }

  /**
   * An executor's gaps between consecutive trials, split by whether a task of that executor was
   * launched in between: gaps within a task (the commit's hand-over, the committed check, the next
   * trial's set-up) and gaps at a task boundary (also the task's last commit on its own thread, its
   * result, the next launch and its deserialisation). The shares are of the trials' total time.
   *
   * @param withinMedianSeconds the median gap within a task (0 if none)
   * @param boundaryMeanSeconds the mean gap at a boundary (0 if none)
   * @param boundaryParts where a boundary's time goes, on average (all 0 if none)
   */
  record GapSplit(
      int within,
      double withinMedianSeconds,
      double withinShare,
      int boundaries,
      double boundaryMeanSeconds,
      double boundaryShare,
      BoundaryParts boundaryParts) {

    /** A launch this close outside a gap still counts as in it (the times are whole ms). */
    private static final double SLACK_MILLIS = 5;

    /**
     * The split for one-core executors: a trial's executor is {@code <executor>/<pid>@<host>}, a
     * task's Spark's executor id.
     */
    static GapSplit of(List<TrialTiming> trials, List<TaskTiming> tasks) {
      Map<String, List<TrialTiming>> byExecutor =
          byExecutor(trials, t -> t.executor().split("/", 2)[0]);
      List<Double> within = new ArrayList<>();
      List<Double> boundaries = new ArrayList<>();
      List<BoundaryParts> parts = new ArrayList<>();
      double trialMillis = 0;
      for (Map.Entry<String, List<TrialTiming>> e : byExecutor.entrySet()) {
        List<TrialTiming> ts = e.getValue();
        for (int i = 0; i < ts.size(); i++) {
          trialMillis += ts.get(i).endMillis() - ts.get(i).startMillis();
          if (i == 0) {
            continue;
          }
          double from = ts.get(i - 1).endMillis();
          double to = ts.get(i).startMillis();
          Optional<TaskTiming> launched =
              tasks.stream()
                  .filter(
                      k ->
                          k.executor().equals(e.getKey())
                              && k.launchMillis() >= from - SLACK_MILLIS
                              && k.launchMillis() <= to + SLACK_MILLIS)
                  .findFirst();
          (launched.isPresent() ? boundaries : within).add(to - from);
          launched.ifPresent(next -> parts.add(BoundaryParts.of(from, to, next, tasks)));
        }
      }
      double withinSum = within.stream().mapToDouble(Double::doubleValue).sum();
      double boundarySum = boundaries.stream().mapToDouble(Double::doubleValue).sum();
      return new GapSplit(
          within.size(),
          Measurement.median(within) / 1000,
          trialMillis == 0 ? 0 : withinSum / trialMillis,
          boundaries.size(),
          boundaries.isEmpty() ? 0 : boundarySum / boundaries.size() / 1000,
          trialMillis == 0 ? 0 : boundarySum / trialMillis,
          BoundaryParts.mean(parts));
    }

    void print(PrintStream out) {
      out.printf(
          Locale.ROOT,
          "  gaps within tasks: %d, median %.0f ms, %.1f%% of trial time; at task boundaries: %d,"
              + " mean %.0f ms, %.1f%% of trial time%n",
          within,
          1000 * withinMedianSeconds,
          100 * withinShare,
          boundaries,
          1000 * boundaryMeanSeconds,
          100 * boundaryShare);
      if (boundaries > 0) {
        boundaryParts.print(out);
      }
    }
  }

  /**
   * Where a gap at a task boundary goes, in ms, from the driver's times of the tasks and Spark's
   * metrics (one clock: the executors run on the driver's machine or the parts are skewed by the
   * clocks' offset).
   *
   * @param inTask from the last trial's end to its task's end on the executor (its launch, its
   *     deserialisation and its run): the last trial's commit on the task's own thread
   * @param toResult from there to the task's result on the driver: the result's serialisation and
   *     trip, and the task's launch trip (not in Spark's metrics)
   * @param toLaunch from that result to the next task's launch: the driver's scheduling
   * @param deserialize the next task's deserialisation on the executor (Spark's metric)
   * @param toTrial from the launch to the first trial's start, less the deserialisation: the
   *     launch's trip, the task's set-up and the trial's own
   */
  record BoundaryParts(
      double inTask, double toResult, double toLaunch, double deserialize, double toTrial) {

    /**
     * The parts of the gap {@code [from, to]} before {@code next}'s first trial; the task before it
     * is its executor's launched last before {@code next}. (Spark launches the next task as the
     * executor reports the result, and may mark the task finished a little later, so {@code
     * toLaunch} can be negative.)
     */
    static BoundaryParts of(double from, double to, TaskTiming next, List<TaskTiming> tasks) {
      Optional<TaskTiming> last =
          tasks.stream()
              .filter(
                  k ->
                      k.executor().equals(next.executor())
                          && k.launchMillis() < next.launchMillis())
              .max(Comparator.comparingLong(TaskTiming::launchMillis));
      double ended =
          last.map(k -> (double) k.launchMillis() + k.deserializeMillis() + k.runMillis())
              .orElse(from);
      double finish = last.map(k -> (double) k.finishMillis()).orElse(from);
      return new BoundaryParts(
          ended - from,
          finish - ended,
          next.launchMillis() - finish,
          next.deserializeMillis(),
          to - next.launchMillis() - next.deserializeMillis());
    }

    static BoundaryParts mean(List<BoundaryParts> parts) {
      return new BoundaryParts(
          mean(parts, BoundaryParts::inTask),
          mean(parts, BoundaryParts::toResult),
          mean(parts, BoundaryParts::toLaunch),
          mean(parts, BoundaryParts::deserialize),
          mean(parts, BoundaryParts::toTrial));
    }

    private static double mean(List<BoundaryParts> parts, ToDoubleFunction<BoundaryParts> part) {
      return parts.stream().mapToDouble(part).average().orElse(0);
    }

    void print(PrintStream out) {
      out.printf(
          Locale.ROOT,
          "  a boundary, on average: %.0f ms from the last trial's end to its task's end, %.0f ms"
              + " to its result on the driver, %.0f ms to the next launch, %.0f ms deserialising"
              + " it, %.0f ms more to its first trial%n",
          inTask,
          toResult,
          toLaunch,
          deserialize,
          toTrial);
    }
  }

  static SparkBreakdown breakdown(List<TaskTiming> tasks, double meanTrialSeconds, int trials) {
    Map<String, List<TaskTiming>> byExecutor = new TreeMap<>();
    for (TaskTiming t : tasks) {
      byExecutor.computeIfAbsent(t.executor(), k -> new ArrayList<>()).add(t);
    }
    double schedule = 0;
    long n = 0;
    for (List<TaskTiming> ts : byExecutor.values()) {
      ts.sort(Comparator.comparingLong(TaskTiming::launchMillis));
      for (int i = 1; i < ts.size(); i++) {
        schedule += ts.get(i).launchMillis() - ts.get(i - 1).finishMillis();
        n++;
      }
    }
    double deserialize =
        tasks.stream().mapToLong(TaskTiming::deserializeMillis).average().orElse(0);
    double run = tasks.stream().mapToLong(TaskTiming::runMillis).sum() / (double) trials;
    double cpu = tasks.stream().mapToDouble(TaskTiming::cpuMillis).average().orElse(0);
    double wall =
        tasks.stream().mapToLong(t -> t.deserializeMillis() + t.runMillis()).average().orElse(0);
    double medianDeserialize =
        Measurement.median(tasks.stream().map(t -> (double) t.deserializeMillis()).toList());
    return new SparkBreakdown(
        n == 0 ? 0 : schedule / n / 1000,
        deserialize / 1000,
        medianDeserialize / 1000,
        run / 1000 - meanTrialSeconds,
        wall == 0 ? 0 : cpu / wall,
        tasks.isEmpty() ? 0 : trials / (double) tasks.size());
  }

  int call() throws Exception {
    if (args.positional().size() != 1) {
      throw new UsageException(
          "bench-spark needs one config file (e.g. conf/bench-spark.conf), got "
              + args.positional());
    }
    outputs = Files.createTempDirectory("engram-bench-spark-");
    try {
      return benchmark();
    } finally {
      TempDirectories.delete(outputs);
    }
  }

  private int benchmark() throws Exception {
    Experiment exp = ConfigLoader.load(new File(args.positional().get(0)), args.all("--set"));
    List<Integer> executors = new ArrayList<>();
    for (String e : args.option("--executors", "1,2").split(",")) {
      executors.add(positive("--executors", e));
    }
    int cores = positive("--executor-cores", args.option("--executor-cores", "1"));
    int memory = positive("--executor-memory", args.option("--executor-memory", "2048"));
    String javaOptions = args.option("--executor-java-options", null);
    boolean pin = args.flag("--pin");
    out.printf(
        Locale.ROOT,
        "engram bench-spark: %s, %d trials per grid (%s), executors of %d core%s%s and %d"
            + " MB with JVM options '%s', %d cores here%n",
        args.positional().get(0),
        exp.grid().expand().size(),
        exp.run().scheduling() == RunSettings.Scheduling.QUEUE
            ? "the queue: a worker per slot"
            : exp.run().trialsPerTask() == RunSettings.AUTO
                ? "tasks of auto, up to " + exp.run().maxTrialsPerTask() + ", trials"
                : "tasks of " + exp.run().trialsPerTask() + " trials",
        cores,
        cores == 1 ? "" : "s",
        pin ? " (each JVM pinned to its own core)" : "",
        memory,
        ExecutorJvm.options(javaOptions, cores),
        Runtime.getRuntime().availableProcessors());
    if (args.flag("--interleave")) {
      int cycles = interleavedCycles(exp, executors, cores); // checked before any run
      warmUpDriver();
      interleave(exp, executors, memory, javaOptions, pin, cycles);
      return 0;
    }
    List<Integer> runs = executors.stream().map(this::runs).toList(); // checked before any run
    int rounds = positive("--rounds", args.option("--rounds", "1"));
    warmUpDriver();
    List<List<List<Measurement>>> byRound = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      String prefix = rounds == 1 ? "" : "round " + round + " of " + rounds + ": ";
      List<List<Measurement>> rows = new ArrayList<>();
      for (int i = 0; i < executors.size(); i++) {
        if (rounds > 1) {
          out.printf(Locale.ROOT, "%s%d executors%n", prefix, executors.get(i));
        }
        rows.add(measure(exp, executors.get(i), cores, memory, javaOptions, pin, runs.get(i)));
      }
      for (int i = 1; i < rows.size(); i++) {
        out.printf(
            Locale.ROOT,
            "%sspeed-up %d executors over %d: %s%n",
            prefix,
            executors.get(i),
            executors.get(0),
            speedUp(rows.get(0), rows.get(i), executors.get(0), executors.get(i)));
      }
      byRound.add(rows);
    }
    if (rounds > 1) {
      roundsSummary(byRound, executors).forEach(out::println);
    }
    return 0;
  }

  /**
   * The CPU by thread that the executor JVMs of {@code before} which ran none of a run's trials
   * took since {@code before}: an interleaved run on fewer executors than the session has leaves
   * the others idle on their cores, and this is what they still cost. Empty if every one ran
   * trials.
   */
  private static Optional<Map<String, Double>> idleExecutorsCpu(
      Map<Long, ProcessCpu.Snapshot> before, Set<Long> busy) {
    Map<String, Double> byThread = new HashMap<>();
    boolean any = false;
    for (Map.Entry<Long, ProcessCpu.Snapshot> e : before.entrySet()) {
      if (busy.contains(e.getKey())) {
        continue;
      }
      Optional<ProcessCpu.Snapshot> now = ProcessCpu.read(e.getKey());
      if (now.isPresent()) {
        ProcessCpu.add(byThread, ProcessCpu.byThread(e.getValue(), now.get()));
        any = true;
      }
    }
    return any ? Optional.of(byThread) : Optional.empty();
  }

  /**
   * Waits for this driver's JIT to go quiet before a run ({@link JitQuiet#awaitQuiet}), saying so
   * where that took a second or more.
   */
  private void awaitDriverJit(long self) throws InterruptedException {
    double waited = JitQuiet.awaitQuiet(self);
    if (waited >= 1) {
      out.printf(Locale.ROOT, "  (waited %.1f s for the driver's JIT to go quiet)%n", waited);
    }
  }

  /**
   * The measured cycles of {@code --interleave} ({@code --runs}, 6 by default), its options
   * checked.
   */
  private int interleavedCycles(Experiment exp, List<Integer> executors, int cores) {
    List<String> others = new ArrayList<>();
    if (args.flag("--warm")) {
      others.add("--warm");
    }
    for (String option : List.of("--rounds", "--warm-runs")) {
      if (args.option(option, null) != null) {
        others.add(option);
      }
    }
    if (!others.isEmpty()) {
      throw new UsageException(
          "--interleave and " + others.get(0) + ": --interleave warms up and repeats by itself");
    }
    if (cores != 1) {
      throw new UsageException(
          "--interleave needs executors of one core (--executor-cores 1), got " + cores);
    }
    if (exp.run().scheduling() != RunSettings.Scheduling.QUEUE) {
      throw new UsageException(
          "--interleave needs run.scheduling = queue: tasks of trials go to every free slot");
    }
    if (executors.size() < 2 || new TreeSet<>(executors).size() != executors.size()) {
      throw new UsageException(
          "--interleave needs two or more different executor counts (e.g. --executors 1,2), got "
              + executors);
    }
    return positive("--runs", args.option("--runs", "6"));
  }

  /**
   * {@code --interleave}: one session of the most executors asked for, whose grids run in cycles on
   * each count of them in turn ({@link InterleavedCycles}); the first cycles warm up, then {@code
   * cycles} are measured, each speed-up printed, and the summary.
   */
  private void interleave(
      Experiment exp, List<Integer> counts, int memory, String javaOptions, boolean pin, int cycles)
      throws IOException, InterruptedException {
    int executors = Collections.max(counts);
    out.printf(
        Locale.ROOT,
        "interleaved: one session of %d executors; each cycle runs the grid on %s of them (the"
            + " queue's workers capped), every other cycle in reverse order; cycles warm up until"
            + " each executor has run a grid and their JIT is quiet (under %.0f%% of their CPU),"
            + " then %d are measured%n",
        executors,
        counts,
        100 * JitQuiet.EXECUTORS_QUIET_SHARE,
        cycles);
    long self = ProcessHandle.current().pid();
    SparkSession spark = startSession(executors, 1, memory, javaOptions, pin);
    TaskListener tasks = new TaskListener();
    spark.sparkContext().addSparkListener(tasks);
    try {
      Set<Long> seen = new TreeSet<>();
      Map<Long, ProcessCpu.Snapshot> executorsBefore = Map.of();
      List<Map<Integer, Measurement>> measured = new ArrayList<>();
      double lastJitShare = Double.NaN;
      int extraWarming = 0;
      for (int cycle = 1; measured.size() < cycles; cycle++) {
        boolean warming =
            InterleavedCycles.keepWarming(
                cycle - 1, measured.size(), executors, lastJitShare, extraWarming);
        if (warming && cycle > executors) {
          extraWarming++;
        }
        out.println(
            InterleavedCycles.header(
                cycle, warming, measured.size(), cycles, executors, lastJitShare));
        Map<Integer, Measurement> runs = new LinkedHashMap<>();
        double jitShare = Double.NaN;
        for (int count : InterleavedCycles.order(counts, cycle)) {
          if (cycle > 1 || !runs.isEmpty()) {
            awaitDriverJit(self);
          }
          long runStart = System.currentTimeMillis();
          ProcessCpu.Snapshot driverAtStart = ProcessCpu.read(self).orElse(null);
          Measured m =
              measureRun(
                  spark,
                  exp,
                  tasks,
                  count,
                  1,
                  runStart,
                  runStart,
                  executorsBefore,
                  driverAtStart,
                  count);
          idleExecutorsCpu(executorsBefore, m.executorPids())
              .ifPresent(
                  cpu ->
                      out.printf(
                          Locale.ROOT,
                          "  the idle executor JVMs: %.2f CPU-s during the run (%s)%n",
                          ProcessCpu.total(cpu),
                          busiestThreads(cpu)));
          seen.addAll(m.executorPids());
          executorsBefore = snapshots(seen);
          double share = m.executorsJitShare();
          jitShare = Double.isNaN(jitShare) ? share : Math.max(jitShare, share);
          runs.put(count, m.measurement());
        }
        lastJitShare = jitShare;
        if (!warming) {
          measured.add(runs);
          for (int count : counts.subList(1, counts.size())) {
            out.printf(
                Locale.ROOT,
                "cycle %d: speed-up %d executors over %d: %.2fx trials/h%n",
                cycle,
                count,
                counts.get(0),
                runs.get(count).trialsPerHour() / runs.get(counts.get(0)).trialsPerHour());
          }
        }
      }
      InterleavedCycles.summary(measured, counts).forEach(out::println);
    } finally {
      spark.sparkContext().removeSparkListener(tasks);
      spark.stop();
    }
  }

  /**
   * The lines that end {@code --rounds N}: per executor count the median over the rounds of its
   * per-trial gap and of its task threads' CPU per trial (where {@code /proc} gave it), cold and
   * warm, and per count after the first the median of the rounds' speed-ups over the first, cold
   * and warm; each with every round's figure. Each round runs every count's session in turn, so a
   * drift of the machine's speed within minutes (10-25% on the Zen 3 VM) moves each round's ratio
   * but much less their median.
   *
   * @param byRound for each round, for each executor count, its session's runs
   * @param executors the executor counts, in the order of each round's sessions
   */
  static List<String> roundsSummary(
      List<List<List<Measurement>>> byRound, List<Integer> executors) {
    List<String> lines = new ArrayList<>();
    String of = "median of " + byRound.size() + " rounds";
    for (int i = 0; i < executors.size(); i++) {
      ColdAndWarm gaps = coldAndWarm(byRound, i, executors.get(i), SparkBenchCommand::gapShare);
      lines.add(perCount("per-trial gap", executors.get(i), of, gaps, "%.1f%%", 100));
    }
    for (int i = 0; i < executors.size(); i++) {
      ColdAndWarm overhead =
          coldAndWarm(byRound, i, executors.get(i), SparkBenchCommand::gapAndCommitShare);
      if (overhead.known()) { // not without /proc
        lines.add(
            perCount(
                "per-trial gap with the commits' CPU",
                executors.get(i),
                of,
                overhead,
                "%.1f%%",
                100));
      }
    }
    for (int i = 0; i < executors.size(); i++) {
      ColdAndWarm cpu =
          coldAndWarm(byRound, i, executors.get(i), SparkBenchCommand::taskCpuPerTrial);
      if (cpu.known()) { // not without /proc
        lines.add(perCount("task threads' CPU per trial", executors.get(i), of, cpu, "%.3f s", 1));
      }
    }
    for (int i = 1; i < executors.size(); i++) {
      int base = executors.get(0);
      int other = executors.get(i);
      List<Double> cold = new ArrayList<>();
      List<Double> warm = new ArrayList<>();
      for (List<List<Measurement>> round : byRound) {
        cold.add(coldSpeedUp(round.get(0), round.get(i)));
        double w = warmSpeedUp(round.get(0), round.get(i), base, other);
        if (!Double.isNaN(w)) {
          warm.add(w);
        }
      }
      lines.add(
          String.format(
              Locale.ROOT,
              "speed-up %d executors over %d, %s: cold %s; warm %s",
              other,
              base,
              of,
              withEach(cold, "%.2fx", 1),
              warm.isEmpty() ? "not measured (needs --warm)" : withEach(warm, "%.2fx", 1)));
    }
    return lines;
  }

  /**
   * A figure of one executor count's session in each round: of its cold run, and of its warm runs
   * taken together (none without warm runs).
   */
  private record ColdAndWarm(List<Double> cold, List<Double> warm) {
    /** Whether every figure is known (the CPU ones are NaN where {@code /proc} gave nothing). */
    boolean known() {
      return cold.stream().noneMatch(x -> x.isNaN()) && warm.stream().noneMatch(x -> x.isNaN());
    }
  }

  /**
   * {@code figure} of the {@code i}-th executor count's session (of {@code executors} executors) in
   * each round, its cold run and its warm runs each as a list of runs.
   */
  private static ColdAndWarm coldAndWarm(
      List<List<List<Measurement>>> byRound,
      int i,
      int executors,
      ToDoubleFunction<List<Measurement>> figure) {
    List<Double> cold = new ArrayList<>();
    List<Double> warm = new ArrayList<>();
    for (List<List<Measurement>> round : byRound) {
      List<Measurement> runs = round.get(i);
      cold.add(figure.applyAsDouble(runs.subList(0, 1)));
      List<Measurement> warmRuns = warmRuns(runs, executors);
      if (!warmRuns.isEmpty()) {
        warm.add(figure.applyAsDouble(warmRuns));
      }
    }
    return new ColdAndWarm(cold, warm);
  }

  /** A summary line of one executor count: its figures' medians, cold and warm, with each. */
  private static String perCount(
      String what, int executors, String of, ColdAndWarm f, String format, double scale) {
    return String.format(
        Locale.ROOT,
        "%s, %d executor%s, %s: cold %s; warm %s",
        what,
        executors,
        executors == 1 ? "" : "s",
        of,
        withEach(f.cold(), format, scale),
        f.warm().isEmpty() ? "not measured (needs --warm)" : withEach(f.warm(), format, scale));
  }

  /** The median of {@code xs} and, in brackets, each of them in order, scaled and formatted. */
  static String withEach(List<Double> xs, String format, double scale) {
    StringBuilder s =
        new StringBuilder(String.format(Locale.ROOT, format, scale * Measurement.median(xs)));
    s.append(" (");
    for (int k = 0; k < xs.size(); k++) {
      s.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, scale * xs.get(k)));
    }
    return s.append(")").toString();
  }

  /**
   * The task threads' CPU of runs taken together per trial they ran (all their CPU over all their
   * trials): with the same trials, more CPU per trial with more executors is the executors slowing
   * each other down (a shared core's caches, the driver, the machine), not Spark's scheduling.
   */
  static double taskCpuPerTrial(List<Measurement> runs) {
    double cpu = runs.stream().mapToDouble(Measurement::taskCpuSeconds).sum();
    return cpu / runs.stream().mapToLong(Measurement::trials).sum();
  }

  /**
   * {@link #gapShare} plus the CPU of the commits beside the next trial as a share of the trials'
   * time: the per-trial overhead with the Parquet writes, which on an executor of one core take the
   * next trial's core (since the commit starts once that trial has, the gaps do not hold it too);
   * NaN where {@code /proc} gave no commit CPU.
   */
  static double gapAndCommitShare(List<Measurement> runs) {
    double commits = runs.stream().mapToDouble(Measurement::commitCpuSeconds).sum();
    double trialSeconds = runs.stream().mapToDouble(Measurement::trialSeconds).sum();
    return gapShare(runs) + commits / trialSeconds;
  }

  /**
   * The mean gap of runs taken together (all their gaps) as a share of their mean trial (all their
   * trials); 0 if they have no gaps.
   */
  static double gapShare(List<Measurement> runs) {
    long gaps = runs.stream().mapToLong(Measurement::gaps).sum();
    if (gaps == 0) {
      return 0;
    }
    double gapSeconds = runs.stream().mapToDouble(Measurement::gapSeconds).sum();
    double trialSeconds = runs.stream().mapToDouble(Measurement::trialSeconds).sum();
    long trials = runs.stream().mapToLong(Measurement::trials).sum();
    return (gapSeconds / gaps) / (trialSeconds / trials);
  }

  /**
   * The runs measured for {@code executors} executors: {@code --runs N}, or for {@code --warm} a
   * cold run, the runs that warm each executor up as much as one executor's cold run warmed it, and
   * {@code --warm-runs} (2) warm runs; 1 if neither. With {@code --warm} the session runs more
   * warming runs before the warm ones until the executors' JIT is quiet ({@link JitQuiet}), which
   * it prints but does not return.
   */
  private int runs(int executors) {
    if (args.flag("--warm")) {
      if (args.option("--runs", null) != null) {
        throw new UsageException(
            "--warm and --runs: give one (--warm picks the runs per executor count itself)");
      }
      return executors + positive("--warm-runs", args.option("--warm-runs", "2"));
    }
    if (args.option("--warm-runs", null) != null) {
      throw new UsageException("--warm-runs needs --warm");
    }
    return positive("--runs", args.option("--runs", "1"));
  }

  /** What a run of a session measures, by how many trials its executors ran before it. */
  enum RunKind {
    /** The first: the executor JVMs start with it (JVM, ND4J, the JIT's first compilations). */
    COLD("cold (the executors start with it: JVM, ND4J, JIT compilation)"),
    /** A later run whose executors have each run fewer trials before it than one grid. */
    WARMING("warming up (each executor has run fewer trials than one executor's cold run)"),
    /**
     * A later run whose executors have each run at least one grid's trials before it, on average:
     * as warm as one executor after its cold run, as a long study's later trials find them.
     */
    WARM("warm (each executor has run at least one grid's trials before it)");

    private final String description;

    RunKind(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }

    /**
     * Run {@code run} (from 1) of a session of {@code executors} executor JVMs: E executors share
     * each grid, so each has run {@code (run - 1) / E} grids' trials before run {@code run}. A JVM
     * compiles as it runs, so run-by-run pairs of E = 1 and E = 2 would compare one executor after
     * 24 trials with two after 12 each (measured on the Zen 3 VM: their trial threads then needed
     * 12.3 CPU-s for the 24 trials, against 9.6 once each had run 24).
     */
    static RunKind of(int run, int executors) {
      if (run < 1 || executors < 1) {
        throw new IllegalArgumentException(
            "runs and executors count from 1, got run " + run + " of " + executors);
      }
      if (run == 1) {
        return COLD;
      }
      return run - 1 >= executors ? WARM : WARMING;
    }
  }

  /**
   * The ratio of trials per hour of {@code other} over {@code base}: their cold runs', then their
   * {@link RunKind#WARM} runs' taken together (all their trials over all their wall time), e.g.
   * {@code "cold 0.70x; warm 1.85x (2 and 2 warm runs)"}.
   *
   * @param baseExecutors the executors of {@code base}'s session, whose run kinds it decides
   * @param otherExecutors the executors of {@code other}'s
   */
  static String speedUp(
      List<Measurement> base, List<Measurement> other, int baseExecutors, int otherExecutors) {
    if (base.isEmpty() || other.isEmpty()) {
      throw new IllegalArgumentException("no runs to compare");
    }
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "cold %.2fx trials/h", coldSpeedUp(base, other)));
    double warm = warmSpeedUp(base, other, baseExecutors, otherExecutors);
    if (Double.isNaN(warm)) {
      return line.append("; warm: not measured (needs --warm)").toString();
    }
    return line.append(
            String.format(
                Locale.ROOT,
                "; warm %.2fx (%d and %d warm runs, each executor having run at least one grid's"
                    + " trials before them)",
                warm,
                warmRuns(base, baseExecutors).size(),
                warmRuns(other, otherExecutors).size()))
        .toString();
  }

  /** Trials per hour of {@code other}'s cold run over {@code base}'s. */
  static double coldSpeedUp(List<Measurement> base, List<Measurement> other) {
    return other.get(0).trialsPerHour() / base.get(0).trialsPerHour();
  }

  /**
   * Trials per hour of {@code other}'s {@link RunKind#WARM} runs taken together over {@code
   * base}'s; NaN if either session has none.
   */
  static double warmSpeedUp(
      List<Measurement> base, List<Measurement> other, int baseExecutors, int otherExecutors) {
    List<Measurement> baseWarm = warmRuns(base, baseExecutors);
    List<Measurement> otherWarm = warmRuns(other, otherExecutors);
    if (baseWarm.isEmpty() || otherWarm.isEmpty()) {
      return Double.NaN;
    }
    return trialsPerHour(otherWarm) / trialsPerHour(baseWarm);
  }

  /** The {@link RunKind#WARM} runs of a session of {@code executors} executors. */
  static List<Measurement> warmRuns(List<Measurement> runs, int executors) {
    List<Measurement> warm = new ArrayList<>();
    for (int run = 1; run <= runs.size(); run++) {
      if (RunKind.of(run, executors) == RunKind.WARM) {
        warm.add(runs.get(run - 1));
      }
    }
    return warm;
  }

  /** Trials per hour of runs taken together: all their trials over all their wall time. */
  static double trialsPerHour(List<Measurement> runs) {
    long trials = runs.stream().mapToLong(Measurement::trials).sum();
    double wall = runs.stream().mapToDouble(Measurement::wallSeconds).sum();
    return trials / wall * 3600;
  }

  /**
   * CPU seconds of the run's JVMs by what their threads did (see {@link ProcessCpu}); empty maps
   * where {@code /proc} is not there.
   *
   * @param executors the executor JVMs' whole lives, summed
   * @param driver the driver JVM's (with local-cluster's master and workers) during the grid
   * @param executorsOther the executors' {@link ProcessCpu#OTHER} seconds by thread name
   * @param driverByThread the driver's seconds during the grid by thread name
   */
  record CpuUse(
      Map<String, Double> executors,
      Map<String, Double> driver,
      Map<String, Double> executorsOther,
      Map<String, Double> driverByThread) {}

  /** How many thread names the "other" line names, the busiest first. */
  private static final int OTHER_THREADS_SHOWN = 5;

  /**
   * The commit threads' CPU seconds: 0 where no commit ran beside a trial (tasks of one trial), NaN
   * where {@code /proc} gave nothing.
   */
  static double commitCpu(CpuUse cpu) {
    return cpu.executors().isEmpty()
        ? Double.NaN
        : cpu.executors().getOrDefault(ProcessCpu.COMMITS, 0.0);
  }

  /** Prints where the CPU went, if it is known. */
  static void print(PrintStream out, Measurement m, SparkBreakdown b, CpuUse cpu) {
    if (cpu.executors().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "  trial task threads ran %.0f%% of their time on a core%n",
          100 * b.taskCpuShare());
      return;
    }
    double executors = ProcessCpu.total(cpu.executors());
    double driver = ProcessCpu.total(cpu.driver());
    int cores = Runtime.getRuntime().availableProcessors();
    StringBuilder parts = new StringBuilder();
    cpu.executors()
        .forEach(
            (k, v) ->
                parts
                    .append(parts.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.1f", k, v)));
    out.printf(
        Locale.ROOT,
        "  CPU s: executor JVMs %.1f (%s), driver JVM %.1f; %.0f%% of %d cores' %.1f s;"
            + " trial task threads ran %.0f%% of their time on a core%n",
        executors,
        parts,
        driver,
        100 * (executors + driver) / (cores * m.wallSeconds()),
        cores,
        m.wallSeconds(),
        100 * b.taskCpuShare());
    double commits = commitCpu(cpu); // known: the map is not empty here
    if (commits > 0) {
      // Not in the gaps: these commits ran beside the next trial, on its core where it has one.
      out.printf(
          Locale.ROOT,
          "  commits beside the next trial: %.0f CPU-ms per trial = %.1f%% of a mean trial; with"
              + " the gaps %.1f%%%n",
          1000 * commits / m.trials(),
          100 * commits / m.trialSeconds(),
          100 * (commits + m.gapSeconds()) / m.trialSeconds());
    }
    String busiest = busiestThreads(cpu.executorsOther());
    if (!busiest.isEmpty()) {
      out.printf(Locale.ROOT, "  executors' other CPU s by thread: %s%n", busiest);
    }
    String driverThreads = busiestThreads(cpu.driverByThread());
    if (!driverThreads.isEmpty()) {
      out.printf(Locale.ROOT, "  driver's CPU s by thread: %s%n", driverThreads);
    }
  }

  /** The busiest few thread names of at least 0.05 s, as "name 1.2, name 0.4". */
  static String busiestThreads(Map<String, Double> secondsByName) {
    StringBuilder line = new StringBuilder();
    secondsByName.entrySet().stream()
        .filter(e -> e.getValue() >= 0.05)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(OTHER_THREADS_SHOWN)
        .forEach(
            e ->
                line.append(line.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())));
    return line.toString();
  }

  /** Prints one grid's figures. */
  static void print(PrintStream out, int executors, Measurement m, SparkBreakdown b) {
    double trial = m.trialSeconds();
    out.printf(
        Locale.ROOT,
        "executors %d%s: %d trials in %.1f s = %.0f trials/hour; mean trial %.2f s%n",
        executors,
        m.executors() == executors ? "" : " (" + m.executors() + " task slots)",
        m.trials(),
        m.wallSeconds(),
        m.trialsPerHour(),
        m.meanTrialSeconds());
    out.printf(
        Locale.ROOT,
        "  per-trial gap %.0f ms = %.1f%% of a mean trial (%d gaps, median %.0f ms; Spark%s: %.0f"
            + " ms from a result to the next launch, %.0f ms deserialising a task (median %.0f ms),"
            + " %.0f ms per trial in tasks outside trials)%n",
        1000 * m.meanGapSeconds(),
        100 * m.gapShare(),
        m.gaps(),
        1000 * m.medianGapSeconds(),
        b.trialsPerTask() > 1
            ? String.format(Locale.ROOT, " with %.1f trials per task", b.trialsPerTask())
            : "",
        1000 * b.scheduleSeconds(),
        1000 * b.deserializeSeconds(),
        1000 * b.medianDeserializeSeconds(),
        1000 * b.outsideTrialSeconds());
    out.printf(
        Locale.ROOT,
        "  start-up %.3f s to the first trial (%.3f s per executor on average), tail %.3f s from"
            + " the last trial's end to the run's return%n",
        m.firstStartSeconds(),
        m.meanStartupSeconds(),
        m.lastTailSeconds());
    out.printf(
        Locale.ROOT,
        "  overhead %.1f%% of trial time: start-up %.1f%%, gaps %.1f%%, tails %.1f%%%s%n",
        100 * m.overhead(),
        100 * m.startupSeconds() / trial,
        100 * m.gapSeconds() / trial,
        100 * m.tailSeconds() / trial,
        m.busyExecutors() < m.executors()
            ? String.format(Locale.ROOT, ", idle executors %.1f%%", 100 * m.idleSeconds() / trial)
            : "");
  }

  /**
   * Starts and stops a {@code local[1]} session with one small job, unmeasured. The driver JVM's
   * first session loads and compiles Spark (3-4 s, measured); without this the first E measured
   * would pay that and the next ones not, which flattered the speed-up over it.
   */
  private void warmUpDriver() {
    long start = System.nanoTime();
    SparkSession warm = session("local[1]", "engram bench-spark driver warm-up").getOrCreate();
    try {
      warm.range(100).selectExpr("sum(id)").collectAsList();
    } finally {
      warm.stop();
    }
    out.printf(
        Locale.ROOT,
        "driver warmed up in %.1f s (a local[1] session, not measured)%n",
        (System.nanoTime() - start) / 1e9);
  }

  /** A session on this machine's loopback, without the UI. */
  private static SparkSession.Builder session(String master, String appName) {
    return SparkSession.builder()
        .master(master)
        .appName(appName)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false");
  }

  /**
   * Measures {@code runs} runs of the grid on one session's executors: the first cold (the
   * executors start with it: JVM, ND4J, JIT compilation), each later one warm, as the later grids
   * of a long study find them. Each run writes its own output.
   */
  private List<Measurement> measure(
      Experiment exp,
      int executors,
      int cores,
      int memory,
      String javaOptions,
      boolean pin,
      int runs)
      throws IOException, InterruptedException {
    long self = ProcessHandle.current().pid();
    ProcessCpu.Snapshot driverBefore = ProcessCpu.read(self).orElse(null);
    long startMillis = System.currentTimeMillis();
    SparkSession spark = startSession(executors, cores, memory, javaOptions, pin);
    long sessionMillis = System.currentTimeMillis();
    TaskListener tasks = new TaskListener();
    spark.sparkContext().addSparkListener(tasks);
    try {
      List<Measurement> measured = new ArrayList<>();
      Map<Long, ProcessCpu.Snapshot> executorsBefore = Map.of();
      // --warm: each run that would be warm first waits, as a warming one, until the executors'
      // JIT has gone quiet (JitQuiet); those extra runs are printed, not returned.
      boolean settle = args.flag("--warm");
      double lastJitShare = Double.NaN;
      int extraWarming = 0;
      for (int run = 1; measured.size() < runs; run++) {
        RunKind kind = RunKind.of(measured.size() + 1, executors);
        RunKind last = measured.isEmpty() ? null : RunKind.of(measured.size(), executors);
        boolean settling = settle && JitQuiet.keepWarming(last, kind, lastJitShare, extraWarming);
        if (run > 1) {
          awaitDriverJit(self);
        }
        if (settling) {
          out.printf(
              Locale.ROOT,
              "executors %d, run %d: warming up until the executors' JIT is quiet (it took %.1f%%"
                  + " of their CPU in the run before; warm under %.0f%%)%n",
              executors,
              run,
              100 * lastJitShare,
              100 * JitQuiet.EXECUTORS_QUIET_SHARE);
        } else if (runs > 1) {
          out.printf(
              Locale.ROOT,
              "executors %d, run %d (%d of %d measured): %s%n",
              executors,
              run,
              measured.size() + 1,
              runs,
              settle && kind == RunKind.WARM
                  ? kind.description() + JitQuiet.describe(lastJitShare, extraWarming)
                  : kind.description());
        }
        long runStart = run == 1 ? startMillis : System.currentTimeMillis();
        ProcessCpu.Snapshot driverAtStart =
            run == 1 ? driverBefore : ProcessCpu.read(self).orElse(null);
        Measured m =
            measureRun(
                spark,
                exp,
                tasks,
                executors,
                cores,
                runStart,
                run == 1 ? sessionMillis : runStart,
                executorsBefore,
                driverAtStart,
                RunOptions.ALL_SLOTS);
        if (settling) {
          extraWarming++;
        } else {
          measured.add(m.measurement());
        }
        lastJitShare = m.executorsJitShare();
        executorsBefore = snapshots(m.executorPids());
      }
      return measured;
    } finally {
      spark.sparkContext().removeSparkListener(tasks);
      spark.stop();
    }
  }

  /**
   * A session of {@code executors} executor JVMs of {@code cores} cores on local-cluster, with the
   * plugins and executor options of a run.
   */
  private static SparkSession startSession(
      int executors, int cores, int memory, String javaOptions, boolean pin) {
    SparkSession.Builder builder =
        session(
                "local-cluster[" + executors + "," + cores + "," + memory + "]",
                "engram bench-spark " + executors)
            .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            // local-cluster's M is the worker's memory; without this each executor JVM got
            // Spark's default heap (1g), not the --executor-memory the header reports.
            .config("spark.executor.memory", memory + "m")
            .config("spark.executorEnv.OMP_NUM_THREADS", "1")
            .config("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
            .config("spark.task.cpus", "1")
            .config(
                "spark.plugins",
                SparkPlugins.adding(
                    SparkPlugins.adding(
                        WarmUpPlugin.withThisPlugin(System.getProperty("spark.plugins")),
                        TrialQueuePlugin.class),
                    CorePinningPlugin.class))
            .config(CorePinningPlugin.ENABLED, Boolean.toString(pin));
    // As in a run (SparkSessions.forRun): the Vector API module, GC threads for the executor's
    // cores.
    builder.config("spark.executor.extraJavaOptions", ExecutorJvm.options(javaOptions, cores));
    return builder.getOrCreate();
  }

  /**
   * One measured run, the executor JVMs (on this host) that ran its trials, and their JIT's share
   * of their CPU during it (NaN where {@code /proc} gave nothing).
   */
  private record Measured(
      Measurement measurement, Set<Long> executorPids, double executorsJitShare) {}

  private Measured measureRun(
      SparkSession spark,
      Experiment exp,
      TaskListener tasks,
      int executors,
      int cores,
      long startMillis,
      long sessionMillis,
      Map<Long, ProcessCpu.Snapshot> executorsBefore,
      ProcessCpu.Snapshot driverBefore,
      int maxWorkers)
      throws IOException {
    Path output = Files.createTempDirectory(outputs, "run-");
    long self = ProcessHandle.current().pid();
    RunReport report =
        new RunDriver(spark)
            .run(
                exp,
                new RunOptions(
                    output.toString(),
                    false,
                    List.of("bench-spark"),
                    new PrintStream(PrintStream.nullOutputStream()),
                    maxWorkers));
    long endMillis = System.currentTimeMillis();
    tasks.runId(report.runId());
    Set<Long> pids = executorPids(report, self);
    CpuUse cpu = cpuUse(pids, executorsBefore, self, driverBefore);
    new TableReader(spark, OutputLayout.of(output.toString())).registerViews();
    List<TrialTiming> trials = new ArrayList<>();
    for (Row r :
        spark
            .sql(
                "SELECT executor_id, unix_millis(finished_at), wall_seconds FROM trials"
                    + " WHERE status = 'OK'")
            .collectAsList()) {
      double end = r.getLong(1);
      trials.add(new TrialTiming(r.getString(0), end - r.getDouble(2) * 1000, end));
    }
    if (trials.size() != report.computed()) {
      throw new IllegalStateException(
          report.computed() + " trials ran but " + trials.size() + " are OK: see the run's log");
    }
    // An executor of C cores runs C trials at once: measure each of its task slots.
    Measurement m =
        Measurement.of(executors * cores, startMillis, endMillis, slots(trials, cores))
            .withTaskCpuSeconds(cpu.executors().getOrDefault(ProcessCpu.TASKS, Double.NaN))
            .withCommitCpuSeconds(commitCpu(cpu));
    List<TaskTiming> trialTasks = tasks.trialTasks();
    SparkBreakdown b = breakdown(taskSlots(trialTasks, cores), m.meanTrialSeconds(), trials.size());
    print(out, executors, m, b);
    if (cores == 1) {
      GapSplit.of(trials, trialTasks).print(out);
    }
    print(out, m, b, cpu);
    out.printf(
        Locale.ROOT,
        "  start-up timeline: session %.1f s, %s, trials' job"
            + " submitted %.3f s, first trial task launched %.3f s, first trial started %.3f s%n",
        (sessionMillis - startMillis) / 1e3,
        registered(tasks.lastExecutorAdded(sessionMillis), startMillis),
        (tasks.trialJobStarted(startMillis) - startMillis) / 1e3,
        (trialTasks.stream().mapToLong(TaskTiming::launchMillis).min().orElse(startMillis)
                - startMillis)
            / 1e3,
        m.firstStartSeconds());
    out.println("  " + executorCores(pids));
    return new Measured(m, pids, JitQuiet.jitShare(cpu.executors()));
  }

  /**
   * The cores each executor JVM may run on, from {@code /proc} ({@code --pin}: one each): {@code
   * "executor JVMs' cores: pid 41 on 0, pid 42 on 1"}.
   */
  static String executorCores(Set<Long> pids) {
    StringBuilder line = new StringBuilder("executor JVMs' cores:");
    String sep = " ";
    for (long pid : pids) {
      line.append(sep)
          .append("pid ")
          .append(pid)
          .append(" on ")
          .append(CorePinningPlugin.allowedCpus(pid).orElse("?"));
      sep = ", ";
    }
    return line.toString();
  }

  /** When the last executor registered, relative to the run's start (a warm run's: before it). */
  static String registered(long lastExecutorAddedMillis, long runStartMillis) {
    return lastExecutorAddedMillis < runStartMillis
        ? "executors registered before the run"
        : String.format(
            Locale.ROOT,
            "last executor registered %.1f s",
            (lastExecutorAddedMillis - runStartMillis) / 1e3);
  }

  /** The executor JVMs on this host (not this driver) that ran the run's trials. */
  private static Set<Long> executorPids(RunReport report, long self) {
    String host = localHost();
    Set<Long> pids = new TreeSet<>();
    for (var o : report.outcomes()) {
      // executor id "<id>/<pid>@<host>"
      String e = o.executorId();
      int slash = e.indexOf('/');
      int at = e.indexOf('@');
      if (slash > 0 && at > slash && e.substring(at + 1).equals(host)) {
        long pid = Long.parseLong(e.substring(slash + 1, at));
        if (pid != self) {
          pids.add(pid);
        }
      }
    }
    return pids;
  }

  /** The CPU of each of these processes now, where {@code /proc} has it. */
  private static Map<Long, ProcessCpu.Snapshot> snapshots(Set<Long> pids) {
    Map<Long, ProcessCpu.Snapshot> out = new LinkedHashMap<>();
    for (long pid : pids) {
      ProcessCpu.read(pid).ifPresent(s -> out.put(pid, s));
    }
    return out;
  }

  /**
   * The CPU of the executors that ran trials, since {@code executorsBefore} (their whole lives for
   * one not in it), and of this driver since a snapshot.
   */
  private static CpuUse cpuUse(
      Set<Long> pids,
      Map<Long, ProcessCpu.Snapshot> executorsBefore,
      long self,
      ProcessCpu.Snapshot driverBefore) {
    Map<String, Double> executors = new LinkedHashMap<>();
    Map<String, Double> other = new HashMap<>();
    for (long pid : pids) {
      ProcessCpu.read(pid)
          .ifPresent(
              s -> {
                ProcessCpu.Snapshot before = executorsBefore.get(pid);
                ProcessCpu.add(executors, ProcessCpu.byCategory(before, s));
                ProcessCpu.add(other, ProcessCpu.otherByThread(before, s));
              });
    }
    Optional<ProcessCpu.Snapshot> driverNow =
        driverBefore == null ? Optional.empty() : ProcessCpu.read(self);
    Map<String, Double> driver =
        driverNow.map(s -> ProcessCpu.byCategory(driverBefore, s)).orElse(Map.of());
    Map<String, Double> driverByThread =
        driverNow.map(s -> ProcessCpu.byThread(driverBefore, s)).orElse(Map.of());
    return new CpuUse(executors, driver, other, driverByThread);
  }

  private static String localHost() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "";
    }
  }

  /**
   * Collects finished tasks per stage; the trials' stages are those of the jobs in the run's job
   * group (its id is the run's id).
   */
  private static final class TaskListener extends SparkListener {
    private final Map<Integer, List<TaskTiming>> byStage = new ConcurrentHashMap<>();
    private final List<Long> executorsAdded = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, Long> stageSubmitted = new ConcurrentHashMap<>();
    private final Map<Integer, String> stageGroup = new ConcurrentHashMap<>();
    private volatile String runId = "";

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      String group =
          job.properties() == null ? "" : job.properties().getProperty("spark.jobGroup.id", "");
      for (Object stage : CollectionConverters.asJava(job.stageIds())) {
        stageSubmitted.put((Integer) stage, job.time());
        stageGroup.put((Integer) stage, group);
      }
    }

    /** Names the run whose trials' stage {@link #trialTasks} and the start-up figures are about. */
    void runId(String id) {
      runId = id;
    }

    /** The stages of the run's jobs: one of tasks of trials, or one per worker of the queue. */
    private List<Integer> trialStages() {
      return stageGroup.entrySet().stream()
          .filter(e -> e.getValue().equals(runId))
          .map(Map.Entry::getKey)
          .toList();
    }

    /** When the run's first job started, epoch millis; {@code orElse} if unknown. */
    long trialJobStarted(long orElse) {
      return trialStages().stream()
          .mapToLong(s -> stageSubmitted.getOrDefault(s, orElse))
          .min()
          .orElse(orElse);
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded added) {
      executorsAdded.add(added.time());
    }

    /** When the last executor registered, epoch millis; {@code orElse} if none did meanwhile. */
    long lastExecutorAdded(long orElse) {
      synchronized (executorsAdded) {
        return executorsAdded.stream().mapToLong(Long::longValue).max().orElse(orElse);
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.reason() != Success$.MODULE$ || end.taskMetrics() == null) {
        return;
      }
      TaskInfo info = end.taskInfo();
      byStage
          .computeIfAbsent(end.stageId(), k -> Collections.synchronizedList(new ArrayList<>()))
          .add(
              new TaskTiming(
                  info.executorId(),
                  info.launchTime(),
                  info.finishTime(),
                  end.taskMetrics().executorDeserializeTime(),
                  end.taskMetrics().executorRunTime(),
                  (end.taskMetrics().executorDeserializeCpuTime()
                          + end.taskMetrics().executorCpuTime())
                      / 1e6));
    }

    List<TaskTiming> trialTasks() {
      List<TaskTiming> tasks = new ArrayList<>();
      for (int stage : trialStages()) {
        tasks.addAll(byStage.getOrDefault(stage, List.of()));
      }
      return tasks;
    }
  }

  static int positive(String option, String value) {
    try {
      int v = Integer.parseInt(value.trim());
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(option + " must be positive integers, got '" + value + "'");
  }
}
