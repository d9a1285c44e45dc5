package org.engram.driver.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.engram.runtime.BuildInfo;

/**
 * Encodes a table's rows of one trial, a row or a few hundred, as a whole Parquet file: one row
 * group, one uncompressed data page per column with its values PLAIN and its levels RLE, no
 * dictionaries, statistics or page indexes, and a footer of the format's own Thrift structures.
 *
 * <p>Why not parquet-mr's {@code ParquetWriter}: its per-column machinery (column writers, page
 * stores, buffers, statistics and page-index builders, the footer's conversion) is sized for row
 * groups of a hundred megabytes, and for a trial's four files of a few rows it was 60% of a
 * commit's CPU (README, Performance log, "The commit itself"); in a fresh executor JVM its code
 * also runs interpreted for the first hundred commits or so. Readers are unchanged: the files are
 * plain Parquet that Spark and parquet-mr read (the tests read them back through both, against what
 * {@code ParquetWriter} writes for the same rows), and the schema elements are parquet-mr's own
 * conversion of {@link Table#parquetSchema()}.
 *
 * <p>One instance per table, shared by every task of a JVM; it keeps no state between calls.
 */
final class PlainParquetEncoder {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /**
   * What the footer says wrote the file, in the form parquet-mr's {@code VersionParser} reads
   * ("parquet-mr version 1.17.0 (build ...)").
   */
  private static final String CREATED_BY =
      "engram version " + BuildInfo.projectVersion() + " (build " + BuildInfo.gitCommit() + ")";

  private final Table table;
  private final List<SchemaElement> schema;
  private final List<Leaf> leaves = new ArrayList<>();
  private final Set<String> columnNames = new HashSet<>();

  /** One column's leaf: where its levels top out, and its path in the schema. */
  private record Leaf(Column column, Type type, List<String> path, int maxDef, int maxRep) {}

  PlainParquetEncoder(Table table) {
    this.table = table;
    MessageType message = table.parquetSchema();
    this.schema = schemaElements(message);
    List<ColumnDescriptor> descriptors = message.getColumns();
    if (descriptors.size() != table.columns().size()) {
      throw new IllegalStateException(
          "table " + table.name() + ": expected one Parquet leaf per column, got " + descriptors);
    }
    for (int i = 0; i < descriptors.size(); i++) {
      ColumnDescriptor d = descriptors.get(i);
      Column c = table.columns().get(i);
      leaves.add(
          new Leaf(
              c,
              physicalType(d.getPrimitiveType().getPrimitiveTypeName()),
              List.of(d.getPath()),
              d.getMaxDefinitionLevel(),
              d.getMaxRepetitionLevel()));
      columnNames.add(c.name());
    }
  }

  /**
   * The file of {@code rows}, with {@code meta} as the footer's key-value metadata.
   *
   * @throws IllegalArgumentException if a row names a column the table lacks, or leaves a column
   *     that is not nullable empty
   */
  byte[] encode(List<Map<String, Object>> rows, Map<String, String> meta) {
    for (Map<String, Object> row : rows) {
      for (String k : row.keySet()) {
        if (!columnNames.contains(k)) {
          throw new IllegalArgumentException("table " + table.name() + " has no column " + k);
        }
      }
    }
    LittleEndianBytes file = new LittleEndianBytes(4096);
    file.write(MAGIC);
    List<ColumnChunk> chunks = new ArrayList<>(leaves.size());
    if (!rows.isEmpty()) { // as parquet-mr: a file without rows has no row group
      for (Leaf leaf : leaves) {
        chunks.add(writeChunk(file, leaf, rows));
      }
    }
    FileMetaData footer = new FileMetaData(1, schema, rows.size(), rowGroups(chunks, rows.size()));
    List<KeyValue> kv = new ArrayList<>(meta.size());
    meta.forEach((k, v) -> kv.add(new KeyValue(k).setValue(v)));
    footer.setKey_value_metadata(kv);
    footer.setCreated_by(CREATED_BY);
    int footerStart = file.size();
    thrift(() -> Util.writeFileMetaData(footer, file));
    file.writeInt(file.size() - footerStart);
    file.write(MAGIC);
    return file.toByteArray();
  }

  private static List<RowGroup> rowGroups(List<ColumnChunk> chunks, int rows) {
    if (chunks.isEmpty()) {
      return List.of();
    }
    long bytes = 0;
    for (ColumnChunk c : chunks) {
      bytes += c.getMeta_data().getTotal_compressed_size();
    }
    RowGroup group = new RowGroup(chunks, bytes, rows);
    group.setFile_offset(chunks.get(0).getFile_offset());
    group.setTotal_compressed_size(bytes);
    group.setOrdinal((short) 0);
    return List.of(group);
  }

  /** One column chunk: a data page header and the page (levels, then values). */
  private ColumnChunk writeChunk(
      LittleEndianBytes file, Leaf leaf, List<Map<String, Object>> rows) {
    Levels rep = new Levels(leaf.maxRep());
    Levels def = new Levels(leaf.maxDef());
    LittleEndianBytes values = new LittleEndianBytes(64);
    Booleans booleans = leaf.type() == Type.BOOLEAN ? new Booleans() : null;
    for (Map<String, Object> row : rows) {
      Object v = row.get(leaf.column().name());
      if (v == null && !leaf.column().nullable()) {
        throw new IllegalArgumentException(
            table.name() + "." + leaf.column().name() + " must not be null");
      }
      if (leaf.maxRep() == 0) {
        def.add(v == null ? 0 : leaf.maxDef());
        if (v != null) {
          writeValue(values, booleans, leaf, v);
        }
      } else {
        writeList(rep, def, values, leaf, (List<?>) v);
      }
    }
    if (booleans != null) {
      booleans.writeTo(values);
    }
    LittleEndianBytes page = new LittleEndianBytes(values.size() + 32);
    rep.writeTo(page);
    def.writeTo(page);
    values.writeTo(page);

    PageHeader header = new PageHeader(PageType.DATA_PAGE, page.size(), page.size());
    header.setData_page_header(
        new DataPageHeader(def.count(), Encoding.PLAIN, Encoding.RLE, Encoding.RLE));
    long offset = file.size();
    thrift(() -> Util.writePageHeader(header, file));
    page.writeTo(file);
    long size = file.size() - offset;
    ColumnMetaData meta =
        new ColumnMetaData(
            leaf.type(),
            leaf.maxDef() + leaf.maxRep() > 0
                ? List.of(Encoding.PLAIN, Encoding.RLE)
                : List.of(Encoding.PLAIN),
            leaf.path(),
            CompressionCodec.UNCOMPRESSED,
            def.count(),
            size,
            size,
            offset);
    ColumnChunk chunk = new ColumnChunk(offset);
    chunk.setMeta_data(meta);
    return chunk;
  }

  /**
   * A list column's entries for one row (a three-level LIST: the outer group, a repeated {@code
   * list}, a required {@code element}): a null list is one entry at level 0, an empty one an entry
   * at the outer group's level, and each element an entry at the leaf's level, repeated after the
   * first.
   */
  private void writeList(
      Levels rep, Levels def, LittleEndianBytes values, Leaf leaf, List<?> list) {
    int listDefined = leaf.column().nullable() ? 1 : 0;
    if (list == null) {
      rep.add(0);
      def.add(0);
      return;
    }
    if (list.isEmpty()) {
      rep.add(0);
      def.add(listDefined);
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      rep.add(i == 0 ? 0 : leaf.maxRep());
      def.add(leaf.maxDef());
      writeValue(values, null, leaf, list.get(i));
    }
  }

  private static void writeValue(LittleEndianBytes out, Booleans booleans, Leaf leaf, Object v) {
    switch (leaf.type()) {
      case BYTE_ARRAY -> {
        byte[] utf8 = v.toString().getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
      }
      case INT32 -> out.writeInt(((Number) v).intValue());
      case INT64 -> out.writeLong(((Number) v).longValue());
      case DOUBLE -> out.writeLong(Double.doubleToRawLongBits(((Number) v).doubleValue()));
      case BOOLEAN -> booleans.add((Boolean) v);
      default ->
          throw new IllegalStateException(
              "no PLAIN encoding here for " + leaf.type() + " (" + leaf.column().name() + ")");
    }
  }

  private static Type physicalType(PrimitiveTypeName t) {
    return switch (t) {
      case BINARY -> Type.BYTE_ARRAY;
      case INT32 -> Type.INT32;
      case INT64 -> Type.INT64;
      case DOUBLE -> Type.DOUBLE;
      case BOOLEAN -> Type.BOOLEAN;
      default -> throw new IllegalStateException("no column of Engram's tables is " + t);
    };
  }

  /** parquet-mr's schema elements for {@code message}, through its public footer conversion. */
  private static List<SchemaElement> schemaElements(MessageType message) {
    ParquetMetadata empty =
        new ParquetMetadata(
            new org.apache.parquet.hadoop.metadata.FileMetaData(message, Map.of(), CREATED_BY),
            List.of());
    return List.copyOf(
        new ParquetMetadataConverter()
            .toParquetMetadata(ParquetFileWriter.CURRENT_VERSION, empty)
            .getSchema());
  }

  private interface ThriftWrite {
    void run() throws IOException;
  }

  /** Thrift's writers declare IOException; into memory they cannot throw one. */
  private static void thrift(ThriftWrite write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new IllegalStateException("writing a Parquet footer into memory failed", e);
    }
  }

  /**
   * A page's repetition or definition levels, RLE-encoded as the format's hybrid encoding allows:
   * each run of equal levels one RLE run (a varint header and the level in whole bytes), the whole
   * preceded by its length in four bytes. A column whose maximum level is 0 has none.
   */
  private static final class Levels {
    private final int maxLevel;
    private final LittleEndianBytes runs = new LittleEndianBytes(16);
    private int count;
    private int runLevel = -1;
    private int runLength;

    Levels(int maxLevel) {
      this.maxLevel = maxLevel;
    }

    void add(int level) {
      count++;
      if (level == runLevel) {
        runLength++;
        return;
      }
      flush();
      runLevel = level;
      runLength = 1;
    }

    /** How many levels were added: the page's number of values, nulls included. */
    int count() {
      return count;
    }

    void writeTo(LittleEndianBytes page) {
      if (maxLevel == 0) {
        return;
      }
      flush();
      runLevel = -1;
      page.writeInt(runs.size());
      runs.writeTo(page);
    }

    private void flush() {
      if (runLength == 0 || maxLevel == 0) {
        return;
      }
      runs.writeVarInt(runLength << 1); // the low bit 0: an RLE run
      int bytes = (32 - Integer.numberOfLeadingZeros(maxLevel) + 7) / 8;
      for (int b = 0; b < bytes; b++) {
        runs.writeByte(runLevel >>> (8 * b));
      }
      runLength = 0;
    }
  }

  /** PLAIN booleans: bit-packed, the first value in the lowest bit. */
  private static final class Booleans {
    private final LittleEndianBytes packed = new LittleEndianBytes(8);
    private int current;
    private int bits;

    void add(boolean b) {
      if (b) {
        current |= 1 << bits;
      }
      if (++bits == 8) {
        packed.writeByte(current);
        current = 0;
        bits = 0;
      }
    }

    void writeTo(LittleEndianBytes values) {
      if (bits > 0) {
        packed.writeByte(current);
        bits = 0;
        current = 0;
      }
      packed.writeTo(values);
    }
  }

  /**
   * A growable byte array with the little-endian writes Parquet's PLAIN encoding needs; not
   * synchronized, unlike {@code ByteArrayOutputStream}, as each encoding is one thread's.
   */
  private static final class LittleEndianBytes extends OutputStream {
    private byte[] buf;
    private int count;

    LittleEndianBytes(int capacity) {
      buf = new byte[capacity];
    }

    int size() {
      return count;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, count);
    }

    @Override
    public void write(int b) {
      if (count == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
      write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (count + len > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
      }
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    void writeByte(int b) {
      write(b);
    }

    void writeInt(int v) {
      write(v);
      write(v >>> 8);
      write(v >>> 16);
      write(v >>> 24);
    }

    void writeLong(long v) {
      writeInt((int) v);
      writeInt((int) (v >>> 32));
    }

    void writeVarInt(int v) {
      while ((v & ~0x7F) != 0) {
        write((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      write(v);
    }

    void writeTo(LittleEndianBytes other) {
      other.write(buf, 0, count);
    }
  }
}
