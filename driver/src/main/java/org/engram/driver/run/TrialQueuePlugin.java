package org.engram.driver.run;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin ({@code spark.plugins}) that carries {@link TrialQueue} requests from executors to
 * the driver over Spark's own RPC: the driver's port, authentication and encryption, nothing else
 * to open on a cluster. A run uses the queue only where its session loaded this plugin ({@link
 * #loadedIn}); otherwise it falls back to tasks of trials.
 */
public final class TrialQueuePlugin implements SparkPlugin {
  /** The queues of this driver's running runs, by run id. */
  private static final Map<String, TrialQueue> QUEUES = new ConcurrentHashMap<>();

  /**
   * The contexts whose driver loaded this plugin (weakly: a stopped context goes; its application
   * id is not known yet when plugins start).
   */
  private static final Set<SparkContext> CONTEXTS =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  /** This executor's link to the driver's side (in local mode, the driver's own JVM). */
  private static volatile PluginContext executorContext;

  @Override
  public DriverPlugin driverPlugin() {
    return new Driver();
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new Executor();
  }

  /** Adds the plugin to a session's settings ({@code spark.plugins}); a no-op if it is there. */
  public static void register(SparkConf conf) {
    conf.set(
        "spark.plugins",
        SparkPlugins.adding(conf.get("spark.plugins", ""), TrialQueuePlugin.class));
  }

  /** Whether the session's driver loaded this plugin, so that executors can reach the queue. */
  static boolean loadedIn(SparkContext sc) {
    return CONTEXTS.contains(sc);
  }

  /** Makes a run's queue reachable from its workers until the returned handle is closed. */
  static AutoCloseable serve(String runId, TrialQueue queue) {
    QUEUES.put(runId, queue);
    return () -> QUEUES.remove(runId, queue);
  }

  /**
   * Sends a request to the run's queue on the driver and waits for the reply (Spark's {@code
   * spark.rpc.askTimeout}), both as {@link QueueWire} bytes.
   *
   * @throws IllegalStateException if this executor did not load the plugin
   */
  static TrialQueue.Lease ask(TrialQueue.Request request) throws Exception {
    PluginContext ctx = executorContext;
    if (ctx == null) {
      throw new IllegalStateException(
          TrialQueuePlugin.class.getName() + " is not loaded in this executor (spark.plugins)");
    }
    return QueueWire.decodeLease((byte[]) ctx.ask(QueueWire.encode(request)));
  }

  private static final class Driver implements DriverPlugin {
    private SparkContext context;

    @Override
    public Map<String, String> init(SparkContext sc, PluginContext ctx) {
      context = sc;
      CONTEXTS.add(sc);
      return Map.of();
    }

    /**
     * A request for a run that is no longer served (it failed, or this is a late retry of a worker)
     * gets no trial: the worker stops.
     */
    @Override
    public Object receive(Object message) {
      TrialQueue.Request r = QueueWire.decodeRequest((byte[]) message);
      TrialQueue queue = QUEUES.get(r.runId());
      return QueueWire.encode(queue == null ? TrialQueue.Lease.NONE : queue.handle(r));
    }

    @Override
    public void shutdown() {
      CONTEXTS.remove(context);
    }
  }

  private static final class Executor implements ExecutorPlugin {
    private PluginContext ctx;

    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
      this.ctx = ctx;
      executorContext = ctx;
    }

    @Override
    public void shutdown() {
      if (executorContext == ctx) {
        executorContext = null;
      }
    }
  }
}
