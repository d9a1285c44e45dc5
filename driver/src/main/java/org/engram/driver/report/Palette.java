package org.engram.driver.report;

import java.util.List;

/** Colours: a categorical palette for series and a diverging map for signed values. */
public final class Palette {
  /** Matplotlib's tab10, which stays distinguishable for most colour vision. */
  private static final List<Colour> CATEGORICAL =
      List.of(
          Colour.hex("#1f77b4"),
          Colour.hex("#ff7f0e"),
          Colour.hex("#2ca02c"),
          Colour.hex("#d62728"),
          Colour.hex("#9467bd"),
          Colour.hex("#8c564b"),
          Colour.hex("#e377c2"),
          Colour.hex("#7f7f7f"),
          Colour.hex("#bcbd22"),
          Colour.hex("#17becf"));

  /** ColorBrewer's RdBu reversed: blue below zero, white at zero, red above. */
  private static final List<Colour> DIVERGING =
      List.of(
          Colour.hex("#2166ac"),
          Colour.hex("#67a9cf"),
          Colour.hex("#d1e5f0"),
          Colour.hex("#f7f7f7"),
          Colour.hex("#fddbc7"),
          Colour.hex("#ef8a62"),
          Colour.hex("#b2182b"));

  private Palette() {}

  /** The i-th categorical colour (cycling). */
  public static Colour categorical(int i) {
    return CATEGORICAL.get(Math.floorMod(i, CATEGORICAL.size()));
  }

  /** The diverging colour of {@code t} in [-1, 1] (clamped; NaN is grey). */
  public static Colour diverging(double t) {
    if (Double.isNaN(t)) {
      return Colour.GREY;
    }
    double u = (Math.max(-1, Math.min(1, t)) + 1) / 2 * (DIVERGING.size() - 1);
    int i = Math.min((int) Math.floor(u), DIVERGING.size() - 2);
    return DIVERGING.get(i).mix(DIVERGING.get(i + 1), u - i);
  }
}
