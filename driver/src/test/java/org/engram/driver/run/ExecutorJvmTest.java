package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class ExecutorJvmTest {

  @Test
  void addsTheVectorModuleToNoOptions() {
    assertEquals("--add-modules jdk.incubator.vector", ExecutorJvm.withVectorModule(""));
    assertEquals("--add-modules jdk.incubator.vector", ExecutorJvm.withVectorModule(null));
  }

  @Test
  void keepsTheUsersOptions() {
    assertEquals(
        "-Xss4m -Dorg.bytedeco.javacpp.maxbytes=8G --add-modules jdk.incubator.vector",
        ExecutorJvm.withVectorModule(" -Xss4m -Dorg.bytedeco.javacpp.maxbytes=8G "));
  }

  @Test
  void addsTheModuleOnlyOnce() {
    String once = "--add-modules=jdk.incubator.vector -Xss4m";
    assertEquals(once, ExecutorJvm.withVectorModule(once));
    SparkConf conf = new SparkConf(false).set("spark.executor.extraJavaOptions", "-Xss4m");
    ExecutorJvm.configure(conf);
    ExecutorJvm.configure(conf);
    assertEquals(
        "-Xss4m --add-modules jdk.incubator.vector", conf.get("spark.executor.extraJavaOptions"));
  }
}
