package org.engram.driver.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.VersionParser;
import org.apache.parquet.VersionParser.ParsedVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.engram.driver.sink.Column.ColumnType;
import org.engram.runtime.BuildInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The commit's own Parquet encoder against parquet-mr's {@code ParquetWriter} as the oracle: the
 * same rows, written both ways, must read back the same through parquet-mr and through Spark SQL
 * (its vectorized reader and its row reader), for every column type, nullable or not, with nulls,
 * empty lists and a few hundred rows.
 */
class PlainParquetEncoderTest {
  private static final Configuration CONF = new Configuration();
  private static final Map<String, String> META = Map.of("engram.run_id", "r1", "k", "v");

  /** Every column type, each required and nullable. */
  private static final Table EVERY_TYPE = everyTypeTable();

  private static SparkSession spark;

  @TempDir static java.nio.file.Path dir;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("PlainParquetEncoderTest")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static Table everyTypeTable() {
    List<Column> cols = new ArrayList<>();
    for (ColumnType t : ColumnType.values()) {
      String name = t.name().toLowerCase(java.util.Locale.ROOT);
      cols.add(new Column(name, t, false));
      cols.add(new Column("opt_" + name, t, true));
    }
    return new Table("every_type", cols);
  }

  /** Random rows of {@link #EVERY_TYPE}: a third of the nullable values null, lists of 0 to 12. */
  private static List<Map<String, Object>> randomRows(int n, long seed) {
    Random r = new Random(seed);
    List<Map<String, Object>> rows = new ArrayList<>();
    String[] strings = {"", "a", "hebbian", "ü → ∑ 🧠", "x".repeat(300)};
    for (int i = 0; i < n; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (Column c : EVERY_TYPE.columns()) {
        Object v =
            switch (c.type()) {
              case STRING -> strings[r.nextInt(strings.length)] + i;
              case INT -> r.nextBoolean() ? r.nextInt() : r.nextInt(5) - 2;
              case LONG -> r.nextBoolean() ? r.nextLong() : Long.MIN_VALUE;
              case DOUBLE ->
                  switch (r.nextInt(4)) {
                    case 0 -> Double.NaN;
                    case 1 -> -0.0;
                    default -> r.nextGaussian();
                  };
              case BOOLEAN -> r.nextBoolean();
              case TIMESTAMP -> 1_764_000_000_000L + r.nextInt(1_000_000);
              case INT_LIST -> {
                List<Integer> l = new ArrayList<>();
                for (int k = r.nextInt(13); k > 0; k--) {
                  l.add(r.nextInt());
                }
                yield l;
              }
              case DOUBLE_LIST -> {
                List<Double> l = new ArrayList<>();
                for (int k = r.nextInt(13); k > 0; k--) {
                  l.add(r.nextDouble());
                }
                yield l;
              }
            };
        if (!(c.nullable() && r.nextInt(3) == 0)) {
          row.put(c.name(), v);
        } else if (r.nextBoolean()) {
          row.put(c.name(), null); // an explicit null and a missing key both leave it empty
        }
      }
      rows.add(row);
    }
    return rows;
  }

  /** parquet-mr's encoding of the same rows (Engram's commits until 28 Nov, with other options). */
  private static byte[] parquetMr(Table table, List<Map<String, Object>> rows) throws IOException {
    SimpleGroupFactory groups = new SimpleGroupFactory(table.parquetSchema());
    InMemoryOutputFile file = new InMemoryOutputFile();
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(file)
            .withConf(CONF)
            .withType(table.parquetSchema())
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withExtraMetaData(META)
            .build()) {
      for (Map<String, Object> row : rows) {
        w.write(group(table, row, groups));
      }
    }
    return file.toByteArray();
  }

  /** One row as parquet-mr's example {@link Group}; a null or missing value leaves it empty. */
  private static Group group(Table table, Map<String, Object> row, SimpleGroupFactory groups) {
    Group g = groups.newGroup();
    for (Column c : table.columns()) {
      Object v = row.get(c.name());
      if (v == null) {
        continue;
      }
      switch (c.type()) {
        case STRING -> g.append(c.name(), Binary.fromString(v.toString()));
        case INT -> g.append(c.name(), ((Number) v).intValue());
        case LONG, TIMESTAMP -> g.append(c.name(), ((Number) v).longValue());
        case DOUBLE -> g.append(c.name(), ((Number) v).doubleValue());
        case BOOLEAN -> g.append(c.name(), (Boolean) v);
        case INT_LIST, DOUBLE_LIST -> {
          Group list = g.addGroup(c.name());
          for (Object e : (List<?>) v) {
            Group element = list.addGroup("list");
            if (c.type() == ColumnType.INT_LIST) {
              element.append("element", ((Number) e).intValue());
            } else {
              element.append("element", ((Number) e).doubleValue());
            }
          }
        }
      }
    }
    return g;
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    java.nio.file.Path p = dir.resolve(name);
    Files.write(p, bytes);
    return new Path(p.toUri());
  }

  private static List<String> readWithParquetMr(Path p) throws IOException {
    List<String> out = new ArrayList<>();
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), p).withConf(CONF).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        out.add(g.toString());
      }
    }
    return out;
  }

  private static List<Row> readWithSpark(Path p, boolean vectorized) {
    spark.conf().set("spark.sql.parquet.enableVectorizedReader", String.valueOf(vectorized));
    return spark.read().parquet(p.toString()).collectAsList();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 9, 300})
  void everyTypeReadsBackAsParquetMrWroteItThroughParquetMrAndSpark(int n) throws IOException {
    List<Map<String, Object>> rows = randomRows(n, n);
    Path ours =
        write("ours-" + n + ".parquet", new PlainParquetEncoder(EVERY_TYPE).encode(rows, META));
    Path theirs = write("theirs-" + n + ".parquet", parquetMr(EVERY_TYPE, rows));

    List<String> expected = readWithParquetMr(theirs);
    assertEquals(n, expected.size());
    assertEquals(expected, readWithParquetMr(ours));
    for (boolean vectorized : List.of(true, false)) {
      List<Row> sparkRows = readWithSpark(ours, vectorized);
      assertEquals(readWithSpark(theirs, vectorized), sparkRows, "vectorized " + vectorized);
      assertEquals(n, sparkRows.size());
    }
    assertEquals(
        spark.read().parquet(theirs.toString()).schema(),
        spark.read().parquet(ours.toString()).schema(),
        "the schema Spark infers");
  }

  @Test
  void theFooterHoldsTheRowCountTheMetadataAndParquetMrsSchema()
      throws IOException, VersionParser.VersionParseException {
    List<Map<String, Object>> rows = randomRows(5, 7);
    ParquetMetadata footer =
        Footers.read(
            write("footer.parquet", new PlainParquetEncoder(EVERY_TYPE).encode(rows, META)), CONF);
    assertEquals(EVERY_TYPE.parquetSchema(), footer.getFileMetaData().getSchema());
    assertEquals("r1", footer.getFileMetaData().getKeyValueMetaData().get("engram.run_id"));
    assertEquals("v", footer.getFileMetaData().getKeyValueMetaData().get("k"));
    assertEquals(1, footer.getBlocks().size());
    assertEquals(5, footer.getBlocks().get(0).getRowCount());
    ParsedVersion writer = VersionParser.parse(footer.getFileMetaData().getCreatedBy());
    assertEquals("engram", writer.application);
    assertEquals(BuildInfo.projectVersion(), writer.version);
  }

  @Test
  void noRowsMakeAFileWithoutRowGroupsThatSparkReadsAsEmpty() throws IOException {
    Path p = write("empty.parquet", new PlainParquetEncoder(EVERY_TYPE).encode(List.of(), META));
    ParquetMetadata footer = Footers.read(p, CONF);
    assertEquals(0, footer.getBlocks().size());
    assertEquals("r1", footer.getFileMetaData().getKeyValueMetaData().get("engram.run_id"));
    assertEquals(0, spark.read().parquet(p.toString()).count());
  }

  @Test
  void eachResultTableEncodesARowOfItsOwnColumns() throws IOException {
    for (Table t : Tables.all()) {
      List<Map<String, Object>> rows = List.of(sampleRow(t), sampleRow(t));
      Path ours =
          write("table-" + t.name() + ".parquet", new PlainParquetEncoder(t).encode(rows, META));
      Path theirs = write("table-" + t.name() + "-mr.parquet", parquetMr(t, rows));
      assertEquals(readWithParquetMr(theirs), readWithParquetMr(ours), t.name());
      assertEquals(readWithSpark(theirs, true), readWithSpark(ours, true), t.name());
    }
  }

  /** A row with every column of {@code t} set to a value of its type. */
  private static Map<String, Object> sampleRow(Table t) {
    Map<String, Object> row = new LinkedHashMap<>();
    int i = 0;
    for (Column c : t.columns()) {
      i++;
      row.put(
          c.name(),
          switch (c.type()) {
            case STRING -> c.name() + "-" + i;
            case INT -> i;
            case LONG, TIMESTAMP -> 1_764_000_000_000L + i;
            case DOUBLE -> i / 7.0;
            case BOOLEAN -> i % 2 == 0;
            case INT_LIST -> List.of(i, -i);
            case DOUBLE_LIST -> List.of(i / 3.0, 0.5, -i);
          });
    }
    return row;
  }

  @Test
  void aRowWithAnUnknownColumnOrARequiredNullIsRefusedByName() {
    PlainParquetEncoder encoder = new PlainParquetEncoder(EVERY_TYPE);
    Map<String, Object> unknown = new LinkedHashMap<>(randomRows(1, 3).get(0));
    unknown.put("no_such_column", 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(List.of(unknown), META));
    assertEquals("table every_type has no column no_such_column", e.getMessage());

    Map<String, Object> missing = new LinkedHashMap<>(randomRows(1, 3).get(0));
    missing.remove("double_list");
    e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(List.of(missing), META));
    assertEquals("every_type.double_list must not be null", e.getMessage());
  }
}
