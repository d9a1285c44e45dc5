package org.engram.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** HostArrays reads and writes exactly the elements ND4J's own copy would, views included. */
class HostArraysTest {
  enum Precision {
    FLOAT(DataType.FLOAT),
    DOUBLE(DataType.DOUBLE);

    final DataType type;

    Precision(DataType type) {
      this.type = type;
    }
  }

  /** Arrays of every layout the model reads: whole, slices, row ranges, reshaped views, strided. */
  private static Map<String, INDArray> layouts(DataType type) {
    Nd4j.getRandom().setSeed(7);
    INDArray t = Nd4j.rand(type, 4, 20, 3);
    INDArray m = Nd4j.rand(type, 6, 5);
    INDArray flat = Nd4j.rand(type, 100);
    Map<String, INDArray> out = new LinkedHashMap<>();
    out.put("whole", t);
    out.put("slice", t.slice(2));
    out.put("rows of a slice", t.slice(3).get(NDArrayIndex.interval(5, 9), NDArrayIndex.all()));
    out.put("reshaped slice", t.slice(1).reshape(60));
    out.put("row", m.getRow(4));
    out.put("parameter view", flat.get(NDArrayIndex.interval(10, 30)).reshape(4, 5));
    out.put(
        "middle rows (strided)",
        t.get(NDArrayIndex.all(), NDArrayIndex.interval(10, 14), NDArrayIndex.all()));
    out.put("columns (strided)", m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)));
    out.put("transpose", m.transpose());
    out.put("f order", Nd4j.rand(type, new long[] {3, 4}).dup('f'));
    return out;
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void readsEveryLayoutAsACOrderCopyWould(Precision p) {
    layouts(p.type)
        .forEach(
            (name, x) -> {
              INDArray c = x.dup('c').reshape(x.length());
              assertArrayEquals(
                  c.castTo(DataType.DOUBLE).toDoubleVector(),
                  HostArrays.doubles(x),
                  p.type == DataType.DOUBLE ? 0 : 1e-7,
                  name);
              assertArrayEquals(
                  c.castTo(DataType.FLOAT).toFloatVector(), HostArrays.floats(x), 0f, name);
            });
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void readsAndWritesRunsOfLargerArrays(Precision p) {
    INDArray t = Nd4j.rand(p.type, 4, 5, 3);
    double[] all = t.castTo(DataType.DOUBLE).dup('c').reshape(60).toDoubleVector();
    assertArrayEquals(
        java.util.Arrays.copyOfRange(all, 17, 29),
        HostArrays.doubles(t, 17, 12),
        p.type == DataType.DOUBLE ? 0 : 1e-7);
    INDArray strided = t.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3), NDArrayIndex.all());
    double[] stridedAll = strided.castTo(DataType.DOUBLE).dup('c').reshape(24).toDoubleVector();
    assertArrayEquals(
        java.util.Arrays.copyOfRange(stridedAll, 4, 10), HostArrays.doubles(strided, 4, 6), 1e-7);
    INDArray z = Nd4j.zeros(p.type, 2, 3, 2);
    HostArrays.writeAt(z, 4, new double[] {1, 2, 3});
    HostArrays.addAt(z, 5, new double[] {10, 20});
    assertArrayEquals(
        new double[] {0, 0, 0, 0, 1, 12, 23, 0, 0, 0, 0, 0},
        z.castTo(DataType.DOUBLE).reshape(12).toDoubleVector(),
        1e-6);
    assertThrows(IndexOutOfBoundsException.class, () -> HostArrays.addAt(z, 11, new double[2]));
    assertThrows(IndexOutOfBoundsException.class, () -> HostArrays.doubles(z, -1, 2));
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void readsContiguousArraysWithoutMakingNativePointers(Precision p) {
    INDArray t = Nd4j.rand(p.type, 4, 20, 3);
    INDArray slice = t.slice(2);
    assertTrue(HostArrays.contiguous(slice));
    long before = Pointer.totalCount();
    HostArrays.floats(slice);
    HostArrays.doubles(slice);
    HostArrays.doubles(t, 7, 20);
    HostArrays.add(slice, new double[(int) slice.length()]);
    HostArrays.addAt(t, 5, new double[3]);
    HostArrays.writeAt(t, 9, new double[2]);
    assertEquals(before, Pointer.totalCount(), "native pointers registered by a read and an add");
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void writesAndAddsOnlyTheViewsElements(Precision p) {
    INDArray flat = Nd4j.zeros(p.type, 40);
    INDArray view = flat.get(NDArrayIndex.interval(10, 16)).reshape(2, 3);
    HostArrays.writeAt(view, 0, new double[] {1, 2, 3, 4, 5, 6});
    HostArrays.add(view, new double[] {10, 10, 10, 10, 10, 10});
    HostArrays.add(view, new float[] {0.5f, 0, 0, 0, 0, 0});
    double[] all = flat.castTo(DataType.DOUBLE).toDoubleVector();
    for (int i = 0; i < 40; i++) {
      double expected = i < 10 || i >= 16 ? 0 : (i - 9) + 10 + (i == 10 ? 0.5 : 0);
      assertEquals(expected, all[i], 1e-6, "element " + i);
    }
    INDArray whole = Nd4j.zeros(p.type, 3, 2, 2);
    HostArrays.writeAt(whole.slice(1), 0, new double[] {1, 2, 3, 4});
    assertEquals(10.0, whole.sumNumber().doubleValue(), 1e-6);
    assertEquals(10.0, whole.slice(1).sumNumber().doubleValue(), 1e-6);
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void setsAndAddsEveryLayoutAsNd4jWould(Precision p) {
    layouts(p.type)
        .forEach(
            (name, x) -> {
              int n = (int) x.length();
              double[] d = new double[n];
              float[] f = new float[n];
              for (int i = 0; i < n; i++) {
                d[i] = 0.1 * i - 1;
                f[i] = 0.25f * (i % 7);
              }
              INDArray want =
                  Nd4j.create(d, x.shape(), p.type).addi(Nd4j.create(f, x.shape(), 'c'));
              HostArrays.set(x, d);
              HostArrays.add(x, f);
              assertEquals(want, x.dup('c'), name + ": set doubles, add floats");
              HostArrays.set(x, f);
              assertEquals(Nd4j.create(f, x.shape(), 'c').castTo(p.type), x.dup('c'), name);
            });
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void setsAndAddsFloatsWithoutMakingNativePointers(Precision p) {
    INDArray t = Nd4j.rand(p.type, 4, 20, 3);
    INDArray slice = t.slice(2);
    float[] v = new float[(int) slice.length()];
    java.util.Arrays.fill(v, 1.5f);
    long before = Pointer.totalCount();
    HostArrays.set(t, new double[(int) t.length()]);
    HostArrays.set(slice, v);
    HostArrays.add(slice, v);
    assertEquals(before, Pointer.totalCount(), "native pointers registered by a set and an add");
    assertEquals(3.0 * slice.length(), slice.sumNumber().doubleValue(), 1e-9);
    assertEquals(0.0, t.slice(1).sumNumber().doubleValue(), 0.0, "only the slice was set");
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void refusesToWriteRunsOfStridedArraysNamingTheLayout(Precision p) {
    INDArray m = Nd4j.zeros(p.type, 6, 5);
    INDArray columns = m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
    assertFalse(HostArrays.writable(columns));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> HostArrays.addAt(columns, 0, new double[2]));
    assertTrue(e.getMessage().contains("contiguous c-order"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> HostArrays.writeAt(columns, 0, new double[2]));
    IllegalArgumentException wrongLength =
        assertThrows(IllegalArgumentException.class, () -> HostArrays.add(m, new float[3]));
    assertTrue(wrongLength.getMessage().contains("expected 30 values"), wrongLength.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void addsIntoStridedArraysThroughAnNd4jArray(Precision p) {
    INDArray m = Nd4j.zeros(p.type, 3, 4);
    INDArray columns = m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
    HostArrays.add(columns, new double[] {1, 2, 3, 4, 5, 6});
    HostArrays.add(columns, new float[] {10, 0, 0, 0, 0, 0});
    assertArrayEquals(
        new double[] {0, 11, 2, 0, 0, 3, 4, 0, 0, 5, 6, 0},
        m.castTo(DataType.DOUBLE).reshape(12).toDoubleVector(),
        1e-6);
  }
}
