package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkConf;
import org.engram.model.VectorSupport;
import org.junit.jupiter.api.Test;

class ExecutorJvmTest {
  private static final String NO_CHECK =
      " " + ExecutorJvm.NO_PHYSICAL_CHECK + " " + ExecutorJvm.SURVIVORS;
  private static final String VECTOR =
      ExecutorJvm.VECTOR_MODULE + " " + VectorSupport.INLINING + " " + VectorSupport.UNROLLING;

  @Test
  void addsTheVectorModuleToNoOptions() {
    assertEquals(VECTOR, ExecutorJvm.withVectorOptions(""));
    assertEquals(VECTOR, ExecutorJvm.withVectorOptions(null));
  }

  @Test
  void keepsTheUsersOptions() {
    assertEquals(
        "-Xss4m -Dorg.bytedeco.javacpp.maxbytes=8G " + VECTOR,
        ExecutorJvm.withVectorOptions(" -Xss4m -Dorg.bytedeco.javacpp.maxbytes=8G "));
  }

  @Test
  void addsTheInliningCommandsOnlyOnceAndKeepsTheUsersOwn() {
    String mine = "-XX:CompileCommand=inline,org.engram.model.VectorMath::tanh";
    assertEquals(
        mine + " " + ExecutorJvm.VECTOR_MODULE + " " + VectorSupport.UNROLLING,
        ExecutorJvm.withVectorOptions(mine));
    assertEquals(VECTOR, ExecutorJvm.withVectorOptions(ExecutorJvm.withVectorOptions("")));
  }

  @Test
  void keepsTheUsersOwnLoopUnrolling() {
    for (String mine : List.of("-XX:LoopUnrollLimit=60", "-XX:LoopMaxUnroll=16")) {
      assertEquals(
          mine + " " + ExecutorJvm.VECTOR_MODULE + " " + VectorSupport.INLINING,
          ExecutorJvm.withVectorOptions(mine));
    }
  }

  @Test
  void addsTheModuleOnlyOnce() {
    String once = "--add-modules=jdk.incubator.vector -Xss4m";
    assertEquals(
        once + " " + VectorSupport.INLINING + " " + VectorSupport.UNROLLING,
        ExecutorJvm.withVectorOptions(once));
    SparkConf conf = new SparkConf(false).set("spark.executor.extraJavaOptions", "-Xss4m");
    ExecutorJvm.configure(conf);
    ExecutorJvm.configure(conf);
    assertEquals("-Xss4m " + VECTOR + NO_CHECK, conf.get("spark.executor.extraJavaOptions"));
  }

  @Test
  void sizesTheJvmAndItsGcThreadsToTheExecutorsCores() {
    assertEquals(
        VECTOR
            + NO_CHECK
            + " -XX:ActiveProcessorCount=1 -XX:-TieredCompilation "
            + ExecutorJvm.EARLY_COMPILATION
            + " -XX:+UseG1GC -XX:ParallelGCThreads=2 -XX:ConcGCThreads=1",
        ExecutorJvm.options("", 1));
    assertEquals(
        VECTOR
            + NO_CHECK
            + " -XX:ActiveProcessorCount=6 -XX:+UseG1GC -XX:ParallelGCThreads=6"
            + " -XX:ConcGCThreads=2",
        ExecutorJvm.options("", 6));
    assertEquals(
        "-Xss4m "
            + VECTOR
            + NO_CHECK
            + " -XX:ActiveProcessorCount=16 -XX:+UseG1GC -XX:ParallelGCThreads=16"
            + " -XX:ConcGCThreads=4",
        ExecutorJvm.options("-Xss4m", 16));
    assertEquals(VECTOR + NO_CHECK, ExecutorJvm.options(null, 0));
  }

  @Test
  void keepsTheUsersCollectorOrGcThreads() {
    for (String user :
        List.of("-XX:+UseSerialGC", "-XX:+UseZGC -Xmx2g", "-XX:ParallelGCThreads=4")) {
      assertEquals(
          user + " " + VECTOR + NO_CHECK + " -XX:ActiveProcessorCount=2",
          ExecutorJvm.options(user, 2));
    }
  }

  @Test
  void keepsTheUsersProcessorCountAndCompilers() {
    String mine = "-XX:ActiveProcessorCount=16";
    assertEquals(
        mine
            + " "
            + VECTOR
            + NO_CHECK
            + " -XX:-TieredCompilation "
            + ExecutorJvm.EARLY_COMPILATION
            + " -XX:+UseG1GC -XX:ParallelGCThreads=2 -XX:ConcGCThreads=1",
        ExecutorJvm.options(mine, 1));
    // The user's own compile thresholds stand.
    String scaled = "-XX:CompileThresholdScaling=2";
    assertEquals(
        scaled
            + " "
            + VECTOR
            + NO_CHECK
            + " -XX:ActiveProcessorCount=1 -XX:-TieredCompilation -XX:+UseG1GC"
            + " -XX:ParallelGCThreads=2 -XX:ConcGCThreads=1",
        ExecutorJvm.options(scaled, 1));
    for (String tiered : List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1")) {
      assertEquals(
          tiered
              + " "
              + VECTOR
              + NO_CHECK
              + " -XX:ActiveProcessorCount=1 -XX:+UseG1GC -XX:ParallelGCThreads=2"
              + " -XX:ConcGCThreads=1",
          ExecutorJvm.options(tiered, 1));
    }
  }

  @Test
  void turnsJavaCppsPhysicalMemoryCheckOffUnlessTheUserSetsIt() {
    assertTrue(ExecutorJvm.options("", 0).contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=0"));
    String mine = "-Dorg.bytedeco.javacpp.maxphysicalbytes=16G";
    assertEquals(
        mine
            + " "
            + VECTOR
            + " "
            + ExecutorJvm.SURVIVORS
            + " -XX:ActiveProcessorCount=1"
            + " -XX:-TieredCompilation "
            + ExecutorJvm.EARLY_COMPILATION
            + " -XX:+UseG1GC -XX:ParallelGCThreads=2 -XX:ConcGCThreads=1",
        ExecutorJvm.options(mine, 1));
  }

  @Test
  void findsTheExecutorsCoresInTheConf() {
    assertEquals(0, ExecutorJvm.executorCores(new SparkConf(false).setMaster("local[*]")));
    assertEquals(
        3, ExecutorJvm.executorCores(new SparkConf(false).setMaster("local-cluster[2, 3, 1024]")));
    assertEquals(6, ExecutorJvm.localClusterCores("local-cluster[2, 3, 1024]"));
    assertEquals(0, ExecutorJvm.localClusterCores("local[4]"));
    assertEquals(
        2,
        ExecutorJvm.executorCores(
            new SparkConf(false).setMaster("spark://host:7077").set("spark.executor.cores", "2")));
    SparkConf conf = new SparkConf(false).setMaster("spark://host:7077");
    ExecutorJvm.configure(conf);
    assertEquals(VECTOR + NO_CHECK, conf.get("spark.executor.extraJavaOptions"));
    conf.set("spark.executor.cores", "4");
    ExecutorJvm.configure(conf);
    ExecutorJvm.configure(conf);
    assertEquals(
        VECTOR
            + NO_CHECK
            + " -XX:ActiveProcessorCount=4 -XX:+UseG1GC -XX:ParallelGCThreads=4"
            + " -XX:ConcGCThreads=1",
        conf.get("spark.executor.extraJavaOptions"));
  }

  @Test
  void givesTheSurvivorSpacesAQuarterOfEdenUnlessTheUserSizesThem() {
    assertTrue(ExecutorJvm.options("", 0).endsWith(" -XX:SurvivorRatio=4"));
    String mine = "-XX:SurvivorRatio=16";
    assertEquals(
        mine + " " + VECTOR + " " + ExecutorJvm.NO_PHYSICAL_CHECK, ExecutorJvm.options(mine, 0));
  }
}
