package org.engram.driver.sink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A result table's name and columns, with its Parquet schema (for the files a task writes) and its
 * Spark schema (for empty views).
 *
 * @param name the table's name, also its directory under the output
 * @param columns the columns, in order
 */
public record Table(String name, List<Column> columns) {

  public Table {
    columns = List.copyOf(columns);
    Set<String> seen = new HashSet<>();
    for (Column c : columns) {
      if (!seen.add(c.name())) {
        throw new IllegalArgumentException("table " + name + " has column " + c.name() + " twice");
      }
    }
  }

  /** The Parquet schema. */
  public MessageType parquetSchema() {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Column c : columns) {
      b.addField(parquetType(c));
    }
    return b.named(name);
  }

  /** The Spark SQL schema (what Spark infers when it reads the Parquet files). */
  public StructType sparkSchema() {
    List<StructField> fields = new ArrayList<>();
    for (Column c : columns) {
      fields.add(DataTypes.createStructField(c.name(), sparkType(c.type()), true));
    }
    return DataTypes.createStructType(fields);
  }

  private static Type parquetType(Column c) {
    Type.Repetition rep = c.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    return switch (c.type()) {
      case STRING ->
          Types.primitive(PrimitiveTypeName.BINARY, rep)
              .as(LogicalTypeAnnotation.stringType())
              .named(c.name());
      case INT -> Types.primitive(PrimitiveTypeName.INT32, rep).named(c.name());
      case LONG -> Types.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
      case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name());
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
      case TIMESTAMP ->
          Types.primitive(PrimitiveTypeName.INT64, rep)
              .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
              .named(c.name());
      case INT_LIST ->
          Types.buildGroup(rep)
              .as(LogicalTypeAnnotation.listType())
              .addField(
                  Types.repeatedGroup()
                      .addField(Types.required(PrimitiveTypeName.INT32).named("element"))
                      .named("list"))
              .named(c.name());
      case DOUBLE_LIST ->
          Types.buildGroup(rep)
              .as(LogicalTypeAnnotation.listType())
              .addField(
                  Types.repeatedGroup()
                      .addField(Types.required(PrimitiveTypeName.DOUBLE).named("element"))
                      .named("list"))
              .named(c.name());
    };
  }

  private static DataType sparkType(Column.ColumnType t) {
    return switch (t) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case INT_LIST -> DataTypes.createArrayType(DataTypes.IntegerType, false);
      case DOUBLE_LIST -> DataTypes.createArrayType(DataTypes.DoubleType, false);
    };
  }
}
