package org.engram.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.memory.Deallocatable;
import org.nd4j.linalg.api.memory.deallocation.DeallocatableReference;
import org.nd4j.linalg.api.memory.deallocation.DeallocatorService;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's {@link DeallocatorService} with a cheap choice of queue.
 *
 * <p>Every ND4J buffer registers with the service, which hands it to one of its deallocator
 * threads' queues, picked at random with commons-lang3's {@code RandomUtils.nextInt}. Spark 4.2
 * brings commons-lang3 3.20, where that method draws from a strong {@code SecureRandom} (a lock, a
 * SHA-1 and now and then a read of {@code /dev/random}): about a microsecond a buffer, and a trial
 * makes tens of thousands of buffers a second. The queue needs no security, only spread, so this
 * service picks it with {@link ThreadLocalRandom} and otherwise does what ND4J's does: the same
 * queues, the same threads (started by ND4J's constructor) and the same map of live references,
 * which those threads clean up.
 */
public final class CheapDeallocatorService extends DeallocatorService {
  private final Map<String, DeallocatableReference> referenceMap;
  private final List<List<ReferenceQueue<Deallocatable>>> deviceMap;
  private final boolean noPointerGc;
  private final AtomicLong registered = new AtomicLong();

  @SuppressWarnings("unchecked")
  CheapDeallocatorService() {
    referenceMap = (Map<String, DeallocatableReference>) superField("referenceMap");
    deviceMap = (List<List<ReferenceQueue<Deallocatable>>>) superField("deviceMap");
    noPointerGc = (Boolean) superField("noPointerGc");
  }

  /**
   * Makes this service ND4J's, for the buffers made from now on; buffers made before stay with the
   * service they registered with, whose threads still free them. Idempotent.
   *
   * @return the service in effect
   */
  public static DeallocatorService install() {
    // Nd4j.getDeallocatorService() is static synchronized: it reads and sets the field under
    // Nd4j.class. Reading the field here, not through that method, keeps ND4J from starting its own
    // service's threads only to leave them idle.
    Field field = nd4jServiceField();
    synchronized (Nd4j.class) {
      try {
        DeallocatorService current = (DeallocatorService) field.get(null);
        if (current instanceof CheapDeallocatorService) {
          return current;
        }
        CheapDeallocatorService cheap = new CheapDeallocatorService();
        field.set(null, cheap);
        return cheap;
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot set Nd4j's deallocatorService", e);
      }
    }
  }

  /** Buffers registered with this service. */
  public long registered() {
    return registered.get();
  }

  /** Buffers registered with this service and not yet freed by its threads. */
  public int live() {
    return referenceMap.size();
  }

  @Override
  public void pickObject(Deallocatable deallocatable) {
    if (noPointerGc) {
      return; // as ND4J's: with its GC off, nothing is tracked
    }
    List<ReferenceQueue<Deallocatable>> queues = deviceMap.get(deallocatable.targetDevice());
    ReferenceQueue<Deallocatable> queue =
        queues.get(ThreadLocalRandom.current().nextInt(queues.size()));
    referenceMap.put(deallocatable.getUniqueId(), new DeallocatableReference(deallocatable, queue));
    registered.incrementAndGet();
  }

  private Object superField(String name) {
    try {
      Field field = DeallocatorService.class.getDeclaredField(name);
      field.setAccessible(true);
      return field.get(this);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "ND4J's DeallocatorService has no field '" + name + "' (another ND4J version?)", e);
    }
  }

  private static Field nd4jServiceField() {
    try {
      Field field = Nd4j.class.getDeclaredField("deallocatorService");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(
          "Nd4j has no field 'deallocatorService' (another ND4J version?)", e);
    }
  }
}
