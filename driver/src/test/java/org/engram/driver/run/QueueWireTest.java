package org.engram.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue's messages survive their trip as bytes, field for field, nulls and all. */
class QueueWireTest {

  @Test
  void aRequestWithOutcomesComesBackEqual() {
    String longError = "é".repeat(40_000); // 80,000 bytes of UTF-8: past writeUTF's limit
    TrialQueue.Request r =
        new TrialQueue.Request(
            "20261128T1200Z-ab12",
            3,
            1,
            "7713dcb9918c8de1",
            List.of(
                new TrialOutcome("a1", "OK", null, 0.125, "1/42@vm", false),
                new TrialOutcome("b2", "FAILED", longError, 3.5, "0/7@vm", true)),
            true,
            false);
    assertEquals(r, QueueWire.decodeRequest(QueueWire.encode(r)));
  }

  @Test
  void aFirstRequestWithNothingStartedOrCommittedComesBackEqual() {
    TrialQueue.Request r = new TrialQueue.Request("run", 0, 0, null, List.of(), true, true);
    assertEquals(r, QueueWire.decodeRequest(QueueWire.encode(r)));
  }

  @Test
  void everyKindOfLeaseComesBackEqual() {
    TrialQueue.Lease job =
        new TrialQueue.Lease(new TrialJob("f56c2155d935d4a7", 17, "{\"seed\":3}"), 2, false);
    for (TrialQueue.Lease l : List.of(job, TrialQueue.Lease.NONE, TrialQueue.Lease.LATER)) {
      assertEquals(l, QueueWire.decodeLease(QueueWire.encode(l)));
    }
  }

  @Test
  void aTruncatedOrOverlongMessageIsRefusedNotMisread() {
    byte[] bytes =
        QueueWire.encode(new TrialQueue.Request("run", 0, 0, "x", List.of(), true, true));
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);
    assertThrows(IllegalArgumentException.class, () -> QueueWire.decodeRequest(cut));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QueueWire.decodeRequest(longer));
    assertEquals("a queue message with 2 bytes left over: not this build's", e.getMessage());
  }
}
