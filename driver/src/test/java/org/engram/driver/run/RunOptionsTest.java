package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
  @Test
  void aRunHasAWorkerPerSlotUnlessCapped() {
    assertEquals(
        RunOptions.ALL_SLOTS, new RunOptions("out", false, List.of(), System.out).maxWorkers());
    assertEquals(1, new RunOptions("out", false, List.of(), System.out, 1).maxWorkers());
  }

  @Test
  void aNegativeCapOrABlankOutputIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RunOptions("out", false, List.of(), System.out, -1));
    assertTrue(e.getMessage().contains("maxWorkers") && e.getMessage().contains("-1"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RunOptions(" ", false, List.of(), System.out));
    assertTrue(e.getMessage().contains("--output"), e.getMessage());
  }
}
