package org.engram.driver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU seconds of a JVM on this machine by what its threads do (the trials' task threads, the JIT
 * compilers, the garbage collector, the rest), from Linux's {@code /proc}; nothing elsewhere. Lets
 * bench-spark say where the cores went when executors share them.
 */
final class ProcessCpu {
  /** Linux's USER_HZ, the unit of the times in {@code /proc/.../stat} (100 on every platform). */
  private static final double TICKS_PER_SECOND = 100;

  static final String TASKS = "trial tasks";

  /** Trials' commits beside the next trial (a task commits its last trial on its own thread). */
  static final String COMMITS = "commits";

  static final String JIT = "JIT";
  static final String GC = "GC";
  static final String OTHER = "other";

  private ProcessCpu() {}

  /**
   * A process's CPU at one moment.
   *
   * @param totalSeconds the whole process's, including threads that have ended
   * @param threadSeconds each live thread's, by thread id
   * @param threadNames each live thread's name (at most 15 characters, as Linux keeps it)
   */
  record Snapshot(
      double totalSeconds, Map<Long, Double> threadSeconds, Map<Long, String> threadNames) {}

  /** The process's CPU now, if {@code /proc} has it. */
  static Optional<Snapshot> read(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      double total = seconds(Files.readString(proc.resolve("stat")));
      Map<Long, Double> seconds = new HashMap<>();
      Map<Long, String> names = new HashMap<>();
      try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
        for (Path t : tasks.toList()) {
          try {
            long tid = Long.parseLong(t.getFileName().toString());
            double threadSeconds = seconds(Files.readString(t.resolve("stat")));
            String name = Files.readString(t.resolve("comm")).strip();
            // Both or neither: a thread that ends between the two reads has no name to sum by.
            seconds.put(tid, threadSeconds);
            names.put(tid, name);
          } catch (IOException | RuntimeException e) {
            // the thread ended while we looked: its time is in the total
          }
        }
      }
      return Optional.of(new Snapshot(total, seconds, names));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** user + system seconds from a {@code stat} line (the name in parentheses may hold spaces). */
  static double seconds(String statLine) {
    String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
    // after "pid (comm) ": state is field 3 of proc(5), so utime (14) and stime (15) are 11, 12
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  /** What a thread of a Spark executor or driver JVM does, by its name. */
  static String category(String threadName) {
    if (threadName.startsWith("Executor task")) {
      return TASKS;
    }
    if (threadName.startsWith("engram-commit")) {
      return COMMITS;
    }
    if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
      return JIT;
    }
    if (threadName.startsWith("GC Thread")
        || threadName.startsWith("G1 ")
        || threadName.equals("VM Thread")) {
      return GC;
    }
    return OTHER;
  }

  /**
   * The CPU seconds between two snapshots of one process by {@link #category}, in the order tasks,
   * commits, JIT, GC, other; {@code from} null means since the process started. Time of threads
   * that ended in between counts as other.
   */
  static Map<String, Double> byCategory(Snapshot from, Snapshot to) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String c : new String[] {TASKS, COMMITS, JIT, GC, OTHER}) {
      out.put(c, 0.0);
    }
    return sumBy(from, to, ProcessCpu::category, OTHER, out);
  }

  /** The bucket of {@link #otherByThread} for the time of threads that ended in between. */
  static final String ENDED = "(ended threads)";

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /**
   * The "other" CPU seconds between two snapshots by thread name, digits folded to {@code #} so
   * that a pool's threads add up ({@code dispatcher-Executor-3} and {@code -4} are one); threads
   * that ended in between count under {@link #ENDED}. Says which threads "other" is, where an
   * executor's one core goes to something that is neither trials, JIT nor GC.
   */
  static Map<String, Double> otherByThread(Snapshot from, Snapshot to) {
    return sumBy(
        from,
        to,
        name -> category(name).equals(OTHER) ? poolName(name) : null,
        ENDED,
        new HashMap<>());
  }

  /**
   * All CPU seconds between two snapshots by thread name, digits folded as in {@link
   * #otherByThread}; threads that ended in between count under {@link #ENDED}. Says where a
   * driver's CPU goes, which on a machine of few cores is the executors' too.
   */
  static Map<String, Double> byThread(Snapshot from, Snapshot to) {
    return sumBy(from, to, ProcessCpu::poolName, ENDED, new HashMap<>());
  }

  /** A thread's name with its digits folded to {@code #}, so that a pool's threads add up. */
  static String poolName(String threadName) {
    return DIGITS.matcher(threadName).replaceAll("#");
  }

  /**
   * Adds into {@code out} each live thread's seconds between two snapshots under {@code key(its
   * name)} (none where that is null), and those of the threads that ended in between under {@code
   * endedKey}; {@code from} null means since the process started.
   */
  private static Map<String, Double> sumBy(
      Snapshot from,
      Snapshot to,
      Function<String, String> key,
      String endedKey,
      Map<String, Double> out) {
    double live = 0;
    for (Map.Entry<Long, Double> t : to.threadSeconds().entrySet()) {
      double before = from == null ? 0 : from.threadSeconds().getOrDefault(t.getKey(), 0.0);
      double d = t.getValue() - before;
      live += d;
      String k = key.apply(to.threadNames().get(t.getKey()));
      if (k != null) {
        out.merge(k, d, Double::sum);
      }
    }
    double total = to.totalSeconds() - (from == null ? 0 : from.totalSeconds());
    out.merge(endedKey, total - live, Double::sum);
    return out;
  }

  /** Adds {@code b} into {@code a}, category by category. */
  static void add(Map<String, Double> a, Map<String, Double> b) {
    b.forEach((k, v) -> a.merge(k, v, Double::sum));
  }

  /** The sum of all categories. */
  static double total(Map<String, Double> byCategory) {
    return byCategory.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
