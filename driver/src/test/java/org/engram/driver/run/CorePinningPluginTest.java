package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which core an executor gets, Linux's CPU lists, and a real pin of a real process. */
class CorePinningPluginTest {
  @Test
  void executorNGetsTheNthAllowedCoreModuloTheirNumber() {
    assertEquals(0, CorePinningPlugin.coreFor("0", List.of(0, 1)));
    assertEquals(1, CorePinningPlugin.coreFor("1", List.of(0, 1)));
    assertEquals(0, CorePinningPlugin.coreFor("2", List.of(0, 1)));
    assertEquals(5, CorePinningPlugin.coreFor("3", List.of(2, 5)));
    assertEquals(7, CorePinningPlugin.coreFor(" 4 ", List.of(7)));
  }

  @Test
  void anExecutorIdThatIsNoNumberOrNoAllowedCoreIsAClearError() {
    var named =
        assertThrows(
            IllegalArgumentException.class, () -> CorePinningPlugin.coreFor("driver", List.of(0)));
    assertTrue(named.getMessage().contains("'driver'"), named.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CorePinningPlugin.coreFor("-1", List.of(0)));
    var none =
        assertThrows(
            IllegalArgumentException.class, () -> CorePinningPlugin.coreFor("0", List.of()));
    assertTrue(none.getMessage().contains("no allowed cores"), none.getMessage());
  }

  @Test
  void readsLinuxCpuLists() {
    assertEquals(List.of(0), CorePinningPlugin.parseCpuList("0"));
    assertEquals(List.of(0, 1, 2, 3, 8, 10, 11), CorePinningPlugin.parseCpuList("0-3,8,10-11"));
    assertEquals(List.of(4, 5), CorePinningPlugin.parseCpuList(" 4-5\n"));
    for (String bad : List.of("", "a", "3-1", "1-2-3", "1,,2", "-1")) {
      var e =
          assertThrows(IllegalArgumentException.class, () -> CorePinningPlugin.parseCpuList(bad));
      assertTrue(e.getMessage().contains("'" + bad + "' is not a CPU list"), e.getMessage());
    }
  }

  @Test
  void pinsEveryThreadOfARunningProcessToOneCore() throws Exception {
    long self = ProcessHandle.current().pid();
    assumeTrue(CorePinningPlugin.allowedCpus(self).isPresent(), "Linux's /proc");
    List<Integer> allowed =
        CorePinningPlugin.parseCpuList(CorePinningPlugin.allowedCpus(self).orElseThrow());
    int last = allowed.get(allowed.size() - 1);
    Process child = new ProcessBuilder("sleep", "30").start();
    try {
      assertEquals(CorePinningPlugin.allowedCpus(self), CorePinningPlugin.allowedCpus(child.pid()));
      CorePinningPlugin.pin(child.pid(), last);
      assertEquals(String.valueOf(last), CorePinningPlugin.allowedCpus(child.pid()).orElseThrow());
    } finally {
      child.destroyForcibly();
    }
    assertTrue(CorePinningPlugin.allowedCpus(Long.MAX_VALUE).isEmpty(), "no such process");
  }
}
