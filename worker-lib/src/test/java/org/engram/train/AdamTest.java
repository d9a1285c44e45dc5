package org.engram.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.engram.model.MetaParameters;
import org.engram.model.ParameterLayout;
import org.engram.spec.NetworkType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Adam as Kingma and Ba (and PyTorch) define it, on theta in place, and its checkpoint. */
class AdamTest {
  private static final double B1 = 0.9;
  private static final double B2 = 0.999;
  private static final double EPS = 1e-8;

  private static MetaParameters theta(DataType dtype, double... values) {
    ParameterLayout layout =
        ParameterLayout.named(NetworkType.PLASTIC, Map.of("x", new long[] {values.length}));
    return MetaParameters.wrap(layout, Nd4j.create(values, new long[] {values.length}, dtype));
  }

  @Test
  void theFirstStepMovesEachParameterByTheLearningRateAgainstItsGradientsSign() {
    // Bias-corrected, m_hat = g and v_hat = g^2 at t = 1: a step of lr g / (|g| + eps).
    MetaParameters p = theta(DataType.DOUBLE, 1, 2, 3);
    new Adam(B1, B2, EPS, 3, DataType.DOUBLE).step(p, new double[] {0.5, -2, 0}, 1, 0.1);
    assertArrayEquals(new double[] {0.9, 2.1, 3}, p.values(), 1e-8);
  }

  @Test
  void followsTheBiasCorrectedMomentsOverSteps() {
    double[][] grads = {{0.3, -1.0}, {0.1, 0.5}, {-0.2, 0.25}};
    double[] lrs = {0.01, 0.02, 0.005};
    MetaParameters p = theta(DataType.DOUBLE, 0.5, -0.5);
    Adam adam = new Adam(B1, B2, EPS, 2, DataType.DOUBLE);
    double[] x = {0.5, -0.5};
    double[] m = new double[2];
    double[] v = new double[2];
    for (int t = 1; t <= grads.length; t++) {
      adam.step(p, grads[t - 1], 1, lrs[t - 1]);
      for (int i = 0; i < 2; i++) {
        double g = grads[t - 1][i];
        m[i] = B1 * m[i] + (1 - B1) * g;
        v[i] = B2 * v[i] + (1 - B2) * g * g;
        double mHat = m[i] / (1 - Math.pow(B1, t));
        double vHat = v[i] / (1 - Math.pow(B2, t));
        x[i] -= lrs[t - 1] * mHat / (Math.sqrt(vHat) + EPS);
      }
      assertArrayEquals(x, p.values(), 1e-12, "after step " + t);
    }
  }

  @Test
  void aGradientScaleActsAsTheScaledGradient() {
    MetaParameters scaled = theta(DataType.DOUBLE, 1, 1);
    MetaParameters prescaled = theta(DataType.DOUBLE, 1, 1);
    Adam a = new Adam(B1, B2, EPS, 2, DataType.DOUBLE);
    Adam b = new Adam(B1, B2, EPS, 2, DataType.DOUBLE);
    for (int t = 0; t < 3; t++) {
      a.step(scaled, new double[] {4, -8.0 * t}, 0.25, 0.1);
      b.step(prescaled, new double[] {1, -2.0 * t}, 1, 0.1);
    }
    assertArrayEquals(prescaled.values(), scaled.values(), 1e-15);
  }

  @Test
  void inFloat32ItTracksTheDoubleResultToFloatPrecision() {
    MetaParameters f = theta(DataType.FLOAT, 0.25, -1.5, 3);
    MetaParameters d = theta(DataType.DOUBLE, 0.25, -1.5, 3);
    Adam af = new Adam(B1, B2, EPS, 3, DataType.FLOAT);
    Adam ad = new Adam(B1, B2, EPS, 3, DataType.DOUBLE);
    for (int t = 0; t < 20; t++) {
      double[] g = {Math.sin(t), 0.1 * t - 1, 1e-3};
      af.step(f, g, 1, 1e-2);
      ad.step(d, g, 1, 1e-2);
    }
    assertEquals(DataType.FLOAT, f.flat().dataType());
    assertArrayEquals(d.values(), f.values(), 1e-5);
    for (double x : f.values()) {
      assertEquals((float) x, x, 0.0, "values are float32: " + x);
    }
  }

  @Test
  void restoredFromItsMomentsItTakesTheSameNextStep() {
    MetaParameters p = theta(DataType.FLOAT, 1, -2, 0.5);
    Adam adam = new Adam(B1, B2, EPS, 3, DataType.FLOAT);
    adam.step(p, new double[] {0.5, 0.25, -1}, 1, 0.1);
    adam.step(p, new double[] {-0.5, 0.75, 2}, 1, 0.1);
    MetaParameters q = theta(DataType.FLOAT, p.values());
    Adam resumed = new Adam(B1, B2, EPS, 3, DataType.FLOAT);
    resumed.restore(adam.firstMoment(), adam.secondMoment(), adam.stepCount());
    assertEquals(2, resumed.stepCount());
    adam.step(p, new double[] {1, 1, 1}, 1, 0.1);
    resumed.step(q, new double[] {1, 1, 1}, 1, 0.1);
    assertArrayEquals(p.values(), q.values(), 0.0);
  }

  @Test
  void aGradientOfTheWrongSizeIsRefused() {
    Adam adam = new Adam(B1, B2, EPS, 3, DataType.FLOAT);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> adam.step(theta(DataType.FLOAT, 1, 2, 3), new double[2], 1, 0.1));
    assertTrue(e.getMessage().contains("expected a gradient of 3 values, got 2"), e.getMessage());
  }
}
