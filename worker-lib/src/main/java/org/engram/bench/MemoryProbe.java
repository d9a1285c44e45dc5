package org.engram.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;

/**
 * Peak memory of this JVM: resident set (Linux VmHWM, which includes ND4J's off-heap buffers), heap
 * pools, and JavaCPP's off-heap bytes sampled by the caller.
 */
final class MemoryProbe {
  private long peakOffHeap;

  /** Resets the peaks: the kernel's VmHWM (Linux clear_refs 5) and the heap pools'. */
  void reset() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | RuntimeException e) {
      // Not Linux or not permitted: VmHWM then reports the peak since JVM start.
    }
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    peakOffHeap = Pointer.physicalBytes() >= 0 ? Pointer.totalBytes() : 0;
  }

  /** Samples the off-heap bytes JavaCPP tracks (call after each unit of work). */
  void sample() {
    peakOffHeap = Math.max(peakOffHeap, Pointer.totalBytes());
  }

  long peakOffHeapBytes() {
    return peakOffHeap;
  }

  long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Peak resident set size in bytes, or -1 where /proc is missing. */
  long peakResidentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
