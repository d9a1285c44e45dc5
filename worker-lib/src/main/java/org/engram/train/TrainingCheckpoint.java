package org.engram.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything a meta-training run needs to continue exactly: theta, Adam's moments and step count,
 * the lifetimes' carried state and birth noise, the curriculum, and the meta-step. The random state
 * is implied by the meta-step (every draw comes from sub-seeds of the trial seed and the step).
 *
 * <p>Serialised as a small binary format with a magic header, a version and a CRC32 of the payload,
 * so that a truncated or corrupt checkpoint is detected instead of silently restored; arrays keep
 * their precision.
 */
public final class TrainingCheckpoint {
  private static final String MAGIC = "ENGRAM-CHECKPOINT";
  private static final int VERSION = 1;

  private final String fingerprint;
  private final int stepsDone;
  private final int snippets;
  private final double[] recentAccuracy;
  private final int windowsDone;
  private final INDArray parameters;
  private final INDArray adamFirst;
  private final INDArray adamSecond;
  private final long adamSteps;
  private final INDArray activations;
  private final INDArray synapses;
  private final INDArray birthNoise;

  TrainingCheckpoint(
      String fingerprint,
      int stepsDone,
      int snippets,
      double[] recentAccuracy,
      int windowsDone,
      INDArray parameters,
      INDArray adamFirst,
      INDArray adamSecond,
      long adamSteps,
      INDArray activations,
      INDArray synapses,
      INDArray birthNoise) {
    this.fingerprint = fingerprint;
    this.stepsDone = stepsDone;
    this.snippets = snippets;
    this.recentAccuracy = recentAccuracy.clone();
    this.windowsDone = windowsDone;
    this.parameters = parameters;
    this.adamFirst = adamFirst;
    this.adamSecond = adamSecond;
    this.adamSteps = adamSteps;
    this.activations = activations;
    this.synapses = synapses;
    this.birthNoise = birthNoise;
  }

  /** Identifies the trial (its canonical spec); a checkpoint of another trial is refused. */
  public String fingerprint() {
    return fingerprint;
  }

  public int stepsDone() {
    return stepsDone;
  }

  int snippets() {
    return snippets;
  }

  double[] recentAccuracy() {
    return recentAccuracy.clone();
  }

  int windowsDone() {
    return windowsDone;
  }

  INDArray parameters() {
    return parameters;
  }

  INDArray adamFirst() {
    return adamFirst;
  }

  INDArray adamSecond() {
    return adamSecond;
  }

  long adamSteps() {
    return adamSteps;
  }

  INDArray activations() {
    return activations;
  }

  INDArray synapses() {
    return synapses;
  }

  INDArray birthNoise() {
    return birthNoise;
  }

  /** The checkpoint as bytes: header, payload, CRC32 of the payload. */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream payload = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(payload);
      out.writeUTF(fingerprint);
      out.writeInt(stepsDone);
      out.writeInt(snippets);
      out.writeInt(recentAccuracy.length);
      for (double a : recentAccuracy) {
        out.writeDouble(a);
      }
      out.writeInt(windowsDone);
      out.writeLong(adamSteps);
      for (INDArray x :
          new INDArray[] {parameters, adamFirst, adamSecond, activations, synapses, birthNoise}) {
        writeArray(out, x);
      }
      out.flush();
      byte[] body = payload.toByteArray();
      CRC32 crc = new CRC32();
      crc.update(body);
      ByteArrayOutputStream all = new ByteArrayOutputStream(body.length + 64);
      DataOutputStream framed = new DataOutputStream(all);
      framed.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
      framed.writeInt(VERSION);
      framed.writeInt(body.length);
      framed.write(body);
      framed.writeLong(crc.getValue());
      framed.flush();
      return all.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a checkpoint in memory", e);
    }
  }

  /**
   * Parses a checkpoint.
   *
   * @throws CorruptCheckpointException if the bytes are not a complete, intact checkpoint
   */
  public static TrainingCheckpoint fromBytes(byte[] bytes) throws CorruptCheckpointException {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      byte[] magic = new byte[MAGIC.length()];
      in.readFully(magic);
      if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
        throw new CorruptCheckpointException("not an Engram checkpoint (bad magic header)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new CorruptCheckpointException(
            "checkpoint version " + version + " is not supported (expected " + VERSION + ")");
      }
      int length = in.readInt();
      if (length < 0 || length > bytes.length) {
        throw new CorruptCheckpointException(
            "truncated checkpoint (payload length " + length + ")");
      }
      byte[] body = new byte[length];
      in.readFully(body);
      long expected = in.readLong();
      CRC32 crc = new CRC32();
      crc.update(body);
      if (crc.getValue() != expected) {
        throw new CorruptCheckpointException("checkpoint CRC mismatch: the file is corrupt");
      }
      DataInputStream p = new DataInputStream(new ByteArrayInputStream(body));
      String fingerprint = p.readUTF();
      int steps = p.readInt();
      int snippets = p.readInt();
      double[] recent = new double[p.readInt()];
      for (int i = 0; i < recent.length; i++) {
        recent[i] = p.readDouble();
      }
      int windows = p.readInt();
      long adamSteps = p.readLong();
      INDArray theta = readArray(p);
      INDArray m = readArray(p);
      INDArray v = readArray(p);
      INDArray act = readArray(p);
      INDArray syn = readArray(p);
      INDArray noise = readArray(p);
      return new TrainingCheckpoint(
          fingerprint, steps, snippets, recent, windows, theta, m, v, adamSteps, act, syn, noise);
    } catch (IOException e) {
      throw new CorruptCheckpointException("truncated or unreadable checkpoint: " + e);
    }
  }

  private static void writeArray(DataOutputStream out, INDArray x) throws IOException {
    if (x == null) {
      out.writeInt(-1);
      return;
    }
    long[] shape = x.shape();
    out.writeInt(shape.length);
    for (long d : shape) {
      out.writeLong(d);
    }
    boolean dbl = x.dataType() == DataType.DOUBLE;
    out.writeBoolean(dbl);
    INDArray c = x.dup('c');
    if (dbl) {
      for (double v : c.data().asDouble()) {
        out.writeDouble(v);
      }
    } else {
      for (float v : c.castTo(DataType.FLOAT).data().asFloat()) {
        out.writeFloat(v);
      }
    }
  }

  private static INDArray readArray(DataInputStream in) throws IOException {
    int rank = in.readInt();
    if (rank == -1) {
      return null;
    }
    if (rank < 0 || rank > 8) {
      throw new IOException("bad array rank " + rank);
    }
    long[] shape = new long[rank];
    long n = 1;
    for (int i = 0; i < rank; i++) {
      shape[i] = in.readLong();
      n *= shape[i];
    }
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new IOException("bad array size " + n);
    }
    if (in.readBoolean()) {
      double[] v = new double[(int) n];
      for (int i = 0; i < v.length; i++) {
        v[i] = in.readDouble();
      }
      return Nd4j.create(v, shape, DataType.DOUBLE);
    }
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readFloat();
    }
    return Nd4j.create(v, shape, 'c');
  }
}
