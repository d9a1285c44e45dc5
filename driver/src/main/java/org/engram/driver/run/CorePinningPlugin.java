package org.engram.driver.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark plugin ({@code spark.plugins}) that pins each executor JVM, every thread of it, to one
 * core of its host with Linux's {@code taskset}: executor N gets the (N mod C)-th of the C cores
 * the JVM was allowed at its start. Off unless {@code spark.engram.pinCores=true}.
 *
 * <p>Why: an executor of one core is one task slot, not one core. Its JIT compilers, garbage
 * collector and ND4J's deallocator threads run on any idle core of the host. On a host of few
 * cores, one executor then borrows the cores that a second would need, so "one executor against
 * two" compares more than one core against two. Pinned, each executor has one core's time, as a
 * container of one core has under YARN's or Kubernetes's CPU limits. {@code bench-spark --pin}
 * measures the speed-up that way. Executor ids are numbered per application, not per host: use it
 * on one host (local-cluster, deploy/standalone-local.sh), where executors 0 and 1 get cores 0 and
 * 1; on a cluster two executors of a node may get the same core.
 *
 * <p>Harmless when it cannot pin (no {@code taskset}, not Linux, a non-numeric executor id): it
 * logs why and the executor runs unpinned.
 */
public final class CorePinningPlugin implements SparkPlugin {
  private static final Logger LOG = LoggerFactory.getLogger(CorePinningPlugin.class);

  /** The setting that turns pinning on. */
  public static final String ENABLED = "spark.engram.pinCores";

  private static final long TASKSET_TIMEOUT_SECONDS = 10;

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new Executor();
  }

  private static final class Executor implements ExecutorPlugin {
    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
      if (!ctx.conf().getBoolean(ENABLED, false)) {
        return;
      }
      long pid = ProcessHandle.current().pid();
      try {
        // Before any task: the trial threads Spark starts later inherit the pinned mask.
        int core = coreFor(ctx.executorID(), parseCpuList(allowedCpus(pid).orElseThrow()));
        pin(pid, core);
        LOG.info("executor {} (pid {}) pinned to core {}", ctx.executorID(), pid, core);
      } catch (IOException | RuntimeException e) {
        LOG.warn("executor {} not pinned to a core: {}", ctx.executorID(), e.getMessage());
      }
    }
  }

  /**
   * The core for an executor: the {@code id mod n}-th of the {@code n} allowed ones.
   *
   * @throws IllegalArgumentException if the id is not a non-negative number or no core is allowed
   */
  static int coreFor(String executorId, List<Integer> allowed) {
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("no allowed cores to pin executor " + executorId + " to");
    }
    long id;
    try {
      id = Long.parseLong(executorId.trim());
    } catch (NumberFormatException e) {
      id = -1;
    }
    if (id < 0) {
      throw new IllegalArgumentException(
          "executor id '" + executorId + "' is not a number, so it names no core");
    }
    return allowed.get((int) (id % allowed.size()));
  }

  /**
   * The cores of a Linux CPU list such as {@code 0-3,8,10-11}, in order.
   *
   * @throws IllegalArgumentException naming the list if it is not one
   */
  static List<Integer> parseCpuList(String list) {
    List<Integer> cores = new ArrayList<>();
    try {
      for (String part : list.trim().split(",")) {
        String[] range = part.trim().split("-", -1);
        int from = Integer.parseInt(range[0].trim());
        int to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
        if (range.length > 2 || from < 0 || to < from) {
          throw new NumberFormatException(part);
        }
        for (int c = from; c <= to; c++) {
          cores.add(c);
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + list + "' is not a CPU list (expected e.g. 0-3,8,10-11)", e);
    }
    return cores;
  }

  /** The cores a process may run on ({@code Cpus_allowed_list} of {@code /proc/PID/status}). */
  public static Optional<String> allowedCpus(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return Optional.of(line.substring("Cpus_allowed_list:".length()).trim());
        }
      }
    } catch (IOException e) {
      // not Linux, or the process is gone
    }
    return Optional.empty();
  }

  /** Pins every thread of a process to one core ({@code taskset -a -c -p CORE PID}). */
  static void pin(long pid, int core) throws IOException {
    Process p =
        new ProcessBuilder("taskset", "-a", "-c", "-p", Integer.toString(core), Long.toString(pid))
            .redirectErrorStream(true)
            .start();
    try {
      if (!p.waitFor(TASKSET_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("taskset did not finish in " + TASKSET_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while pinning", e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new IOException("taskset exited with " + p.exitValue() + ": " + output);
    }
  }
}
