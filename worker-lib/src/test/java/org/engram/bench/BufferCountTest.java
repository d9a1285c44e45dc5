package org.engram.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.engram.runtime.CheapDeallocatorService;
import org.engram.spec.TrialSpec;
import org.engram.train.MetaTrainer;
import org.engram.train.TrialSetup;
import org.junit.jupiter.api.Test;

/**
 * How many ND4J buffers a meta-update makes. Each buffer's bookkeeping outlives a young collection,
 * so their number, not their size, sets most of a small meta-update's GC time (README, "Few ND4J
 * arrays per step"); this keeps a chain of ND4J views or transforms from creeping back into the
 * per-window code unnoticed. A count, not a timing.
 */
class BufferCountTest {
  // bench's smoke meta-update made 340 before the per-window work moved to host arrays, 149 after.
  private static final double MAX_PER_SMOKE_UPDATE = 200;

  @Test
  void aSmokeMetaUpdateMakesFewNd4jBuffers() {
    CheapDeallocatorService service = (CheapDeallocatorService) CheapDeallocatorService.install();
    TrialSpec spec = MetaUpdateBench.spec(MetaUpdateBench.SMOKE);
    MetaTrainer trainer = TrialSetup.of(spec).trainer(spec);
    for (int i = 0; i < 3; i++) {
      trainer.step();
    }
    int updates = 20;
    long before = service.registered();
    for (int i = 0; i < updates; i++) {
      trainer.step();
    }
    double perUpdate = (service.registered() - before) / (double) updates;
    assertTrue(perUpdate > 0, "the service counted no buffers: is it ND4J's?");
    assertTrue(
        perUpdate <= MAX_PER_SMOKE_UPDATE,
        "ND4J buffers a smoke meta-update: " + perUpdate + ", at most " + MAX_PER_SMOKE_UPDATE);
  }
}
