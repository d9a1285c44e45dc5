package org.engram.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheapDeallocatorServiceTest {

  @Test
  void installMakesItNd4jsServiceOnce() {
    var first = CheapDeallocatorService.install();
    assertSame(first, Nd4j.getDeallocatorService());
    assertSame(first, CheapDeallocatorService.install());
  }

  @Test
  void newBuffersRegisterWithIt() {
    var service = (CheapDeallocatorService) CheapDeallocatorService.install();
    long before = service.registered();
    INDArray a = Nd4j.create(DataType.FLOAT, 3, 4);
    a.addi(1f);
    assertTrue(service.registered() > before, "the new array's buffer registered");
    assertEquals(12f, a.sumNumber().floatValue(), 0f);
  }

  @Test
  void itsThreadsFreeBuffersNoLongerReachable() throws InterruptedException {
    var service = (CheapDeallocatorService) CheapDeallocatorService.install();
    List<INDArray> arrays = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      arrays.add(Nd4j.create(DataType.FLOAT, 16));
    }
    int withArrays = service.live();
    assertTrue(withArrays >= 2_000, "live buffers " + withArrays);
    arrays.clear();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (service.live() > withArrays - 2_000 / 2 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(50);
    }
    assertTrue(
        service.live() <= withArrays - 2_000 / 2,
        "live buffers after GC " + service.live() + ", with the arrays " + withArrays);
  }

  @Test
  void propertyChoosesTheServiceAndNamesItsValuesWhenWrong() {
    assertTrue(Nd4jRuntime.useCheapDeallocator(null));
    assertTrue(Nd4jRuntime.useCheapDeallocator(" Cheap "));
    assertFalse(Nd4jRuntime.useCheapDeallocator("nd4j"));
    var e =
        assertThrows(IllegalArgumentException.class, () -> Nd4jRuntime.useCheapDeallocator("fast"));
    assertTrue(e.getMessage().contains(Nd4jRuntime.DEALLOCATOR_PROPERTY), e.getMessage());
    assertTrue(e.getMessage().contains("'cheap' or 'nd4j'"), e.getMessage());
    assertTrue(e.getMessage().contains("'fast'"), e.getMessage());
  }
}
