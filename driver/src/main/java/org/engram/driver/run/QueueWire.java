package org.engram.driver.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TrialQueue}'s requests and leases as plain bytes, which is what {@link TrialQueuePlugin}
 * sends over Spark's RPC.
 *
 * <p>Why not the records themselves: Spark's RPC serialises a message with Java serialisation,
 * which writes a record's class descriptors (and those of its list and outcomes) into every message
 * and rebuilds the record reflectively through its constructor. A worker sends one request a trial,
 * on the commit thread of a one-core executor, where that serialisation was half of the request's
 * CPU (JFR, 28 Nov); a byte array is written as a length and its bytes.
 *
 * <p>The format is private to one run's driver and executors, which run the same build.
 */
final class QueueWire {
  private static final int NULL = -1;

  private QueueWire() {}

  static byte[] encode(TrialQueue.Request r) {
    return write(
        out -> {
          writeString(out, r.runId());
          out.writeInt(r.worker());
          out.writeInt(r.attempt());
          writeString(out, r.started());
          out.writeInt(r.committed().size());
          for (TrialOutcome o : r.committed()) {
            writeString(out, o.trialId());
            writeString(out, o.status());
            writeString(out, o.error());
            out.writeDouble(o.wallSeconds());
            writeString(out, o.executorId());
            out.writeBoolean(o.reused());
          }
          out.writeBoolean(r.next());
          out.writeBoolean(r.ahead());
        });
  }

  static TrialQueue.Request decodeRequest(byte[] bytes) {
    return read(
        bytes,
        in -> {
          String runId = readString(in);
          int worker = in.readInt();
          int attempt = in.readInt();
          String started = readString(in);
          int n = in.readInt();
          List<TrialOutcome> committed = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            committed.add(
                new TrialOutcome(
                    readString(in),
                    readString(in),
                    readString(in),
                    in.readDouble(),
                    readString(in),
                    in.readBoolean()));
          }
          return new TrialQueue.Request(
              runId,
              worker,
              attempt,
              started,
              List.copyOf(committed),
              in.readBoolean(),
              in.readBoolean());
        });
  }

  static byte[] encode(TrialQueue.Lease lease) {
    return write(
        out -> {
          TrialJob job = lease.job();
          out.writeBoolean(job != null);
          if (job != null) {
            writeString(out, job.trialId());
            out.writeInt(job.index());
            writeString(out, job.specJson());
          }
          out.writeInt(lease.attempt());
          out.writeBoolean(lease.later());
        });
  }

  static TrialQueue.Lease decodeLease(byte[] bytes) {
    return read(
        bytes,
        in -> {
          TrialJob job =
              in.readBoolean() ? new TrialJob(readString(in), in.readInt(), readString(in)) : null;
          return new TrialQueue.Lease(job, in.readInt(), in.readBoolean());
        });
  }

  /** A string as its UTF-8 length and bytes ({@code writeUTF} stops at 64 KB), or null. */
  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(NULL);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == NULL) {
      return null;
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  @FunctionalInterface
  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: does not happen
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] bytes, Reader<T> r) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      T value = r.read(in);
      if (in.available() != 0) {
        throw new IllegalArgumentException(
            "a queue message with " + in.available() + " bytes left over: not this build's");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("a truncated queue message: " + e, e);
    }
  }
}
