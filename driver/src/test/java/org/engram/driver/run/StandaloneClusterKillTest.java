package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.config.ConfigLoader;
import org.engram.driver.config.Experiment;
import org.engram.driver.sink.OutputLayout;
import org.engram.driver.sink.TableReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster: a Master and two Workers, each its own JVM from the Spark jars on the
 * test classpath, on 127.0.0.1 (free ports, so a developer's cluster on 7077 is left alone). Half
 * way through a grid of real trials, the executor JVM running one of them is SIGKILLed right after
 * that trial saved a checkpoint: the run completes, every trial is in {@code trials} exactly once,
 * and the killed trial resumed from its checkpoint on another attempt.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StandaloneClusterKillTest {
  private final List<Process> daemons = new ArrayList<>();

  @AfterEach
  void stopCluster() throws InterruptedException {
    for (Process p : daemons) {
      ChildJvm.killTree(p); // workers first in the list would orphan nothing: executors go too
      p.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void aKilledExecutorLosesNoTrialAndItsTrialResumesFromItsCheckpoint(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
    int port = freePort();
    int ui = freePort();
    Process master =
        daemon(
            "org.apache.spark.deploy.master.Master",
            List.of("--host", "127.0.0.1", "--port", "" + port, "--webui-port", "" + ui),
            dir.resolve("master.log"));
    awaitPort(port);
    List<Process> workers = new ArrayList<>();
    for (int w = 1; w <= 2; w++) {
      workers.add(
          daemon(
              "org.apache.spark.deploy.worker.Worker",
              List.of(
                  "--host",
                  "127.0.0.1",
                  "--cores",
                  "1",
                  "--memory",
                  "1g",
                  "--webui-port",
                  "" + freePort(),
                  "--work-dir",
                  Files.createDirectories(dir.resolve("work" + w)).toString(),
                  "spark://127.0.0.1:" + port),
              dir.resolve("worker" + w + ".log")));
    }
    awaitWorkers(ui, 2, master);

    Path markers = dir.resolve("markers");
    Path out = dir.resolve("out");
    SparkSession spark =
        TestSessions.loopback("spark://127.0.0.1:" + port, "engram-standalone-kill-test")
            .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .config(
                "spark.executor.extraJavaOptions",
                "-Dengram.test.markers=" + markers + " -Dengram.test.pauseMillis=1500")
            .config("spark.executor.memory", "768m")
            .config("spark.executor.cores", "1")
            .config("spark.executorEnv.OMP_NUM_THREADS", "1")
            .config("spark.task.maxFailures", "4")
            .getOrCreate();
    try {
      Experiment exp =
          ConfigLoader.loadString(
              // The queue (the default): the killed worker's trial goes back to the queue and is
              // the only one a later attempt commits; the trial its worker had leased ahead, not
              // yet started, is not an attempt.
              // Every checkpoint that is due (the default's 10 s between saves would skip all of
              // these tiny trials' checkpoints).
              "run { name = standalone-kill, minCheckpointSeconds = 0, runner = "
                  + CheckpointMarkers.class.getName()
                  + " }\n"
                  + LocalRunTest.TINY
                  + "train { steps = 10, checkpointEvery = 2, curveEvery = 2 }\n"
                  + "grid { seed = [1, 2, 3, 4] }",
              "standalone.conf");
      CompletableFuture<RunReport> run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new RunDriver(spark)
                      .run(exp, new RunOptions(out.toString(), false, List.of("run"), System.out));
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });

      // The first checkpoint anywhere: its trial is mid-way, its executor pauses after the save.
      Path marker = awaitMarker(markers);
      String victim = marker.getFileName().toString().split("\\.")[0];
      long pid = Long.parseLong(marker.getFileName().toString().split("\\.")[1]);
      ProcessHandle executor = ProcessHandle.of(pid).orElseThrow();
      Optional<ProcessHandle> parent = executor.parent();
      assertTrue(
          parent.isPresent() && workers.stream().anyMatch(w -> w.pid() == parent.get().pid()),
          "pid " + pid + " is an executor JVM launched by one of the two Workers");
      assertTrue(executor.destroyForcibly(), "SIGKILL sent");
      executor.onExit().get(30, TimeUnit.SECONDS);

      RunReport report = run.get(4, TimeUnit.MINUTES);
      assertEquals(4, report.count("OK"), "the run completed every trial");

      new TableReader(spark, OutputLayout.of(out.toString())).registerViews();
      assertEquals(4, spark.sql("SELECT * FROM trials").count());
      assertEquals(4, spark.sql("SELECT DISTINCT trial_id FROM trials").count());
      assertEquals(4 * 2, spark.sql("SELECT * FROM evals").count());
      Row killed =
          spark
              .sql(
                  "SELECT resumed_from_step, task_attempt, executor_id, meta_steps_done"
                      + " FROM trials WHERE trial_id = '"
                      + victim
                      + "'")
              .first();
      assertTrue(killed.getInt(0) >= 2, "resumed from its checkpoint, not step 0: " + killed);
      assertTrue(killed.getInt(1) >= 1, "committed by a later attempt: " + killed);
      assertNotEquals(pid, executorPid(killed.getString(2)), "on another executor JVM");
      assertEquals(10, killed.getInt(3));
      assertEquals(
          0,
          spark
              .sql("SELECT * FROM trials WHERE task_attempt > 0 AND trial_id <> '" + victim + "'")
              .count(),
          "only the killed trial was retried");
    } finally {
      spark.stop();
    }
  }

  private Process daemon(String mainClass, List<String> args, Path log) throws IOException {
    Process p =
        ChildJvm.start(
            List.of("-Xmx256m"),
            mainClass,
            args,
            Map.of("SPARK_LOCAL_IP", "127.0.0.1", "SPARK_NO_DAEMONIZE", "1"),
            log);
    daemons.add(0, p); // stopped in reverse order: workers (and their executors) first
    return p;
  }

  private static long executorPid(String executorId) {
    // <executor>/<pid>@<host>
    return Long.parseLong(executorId.split("/", 2)[1].split("@")[0]);
  }

  private static Path awaitMarker(Path markers) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      if (Files.isDirectory(markers)) {
        try (Stream<Path> s = Files.list(markers)) {
          Optional<Path> m = s.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst();
          if (m.isPresent()) {
            return m.get();
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no trial checkpointed within 3 minutes");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static void awaitPort(int port) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the master did not listen on " + port);
  }

  private static void awaitWorkers(int ui, int n, Process master) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui + "/json/")).build();
    long deadline = System.currentTimeMillis() + 90_000;
    String body = "";
    while (System.currentTimeMillis() < deadline) {
      assertTrue(master.isAlive(), "the master died");
      try {
        body = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
        if (body.replace(" ", "").contains("\"aliveworkers\":" + n)) {
          return;
        }
      } catch (IOException e) {
        // UI not up yet
      }
      Thread.sleep(300);
    }
    throw new AssertionError(n + " workers did not register: " + body);
  }
}
