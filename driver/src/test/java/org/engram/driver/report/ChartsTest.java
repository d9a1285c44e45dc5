package org.engram.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.engram.driver.report.LineChart.Point;
import org.engram.driver.report.LineChart.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The charts on both canvases, without Spark: PNG decodes, SVG parses, colours are right. */
class ChartsTest {

  static LineChart chart(LineChart.Intervals style) {
    return LineChart.builder("A <title> & more", "K", "accuracy")
        .xKind(Scale.Kind.LOG2)
        .yLimits(0, 1)
        .intervals(style)
        .series(
            new LineChart.Series(
                "plastic, task.snippets=1",
                Palette.categorical(0),
                Stroke.Dash.SOLID,
                LineChart.Marker.CIRCLE,
                List.of(
                    new Point(4, 0.6, 0.5, 0.7),
                    new Point(1, 0.9, 0.85, 0.95),
                    new Point(2, 0.8, -0.2, 1.4))))
        .series(
            new LineChart.Series(
                "frozen-synapses",
                Palette.categorical(1),
                Stroke.Dash.DASHED,
                LineChart.Marker.SQUARE,
                List.of(new Point(1, 0.7, Double.NaN, Double.NaN), new Point(2, 0.6, 0.5, 0.7))))
        .reference(Reference.horizontal("chance (0.5)", Colour.GREY, 0.5, true))
        .note("bands: 95% t-interval over seeds (n = 3)")
        .build();
  }

  @Test
  void aLineChartWritesAPngOfItsSizeAndAnSvgThatParses(@TempDir Path dir) throws Exception {
    for (LineChart.Intervals style : LineChart.Intervals.values()) {
      String name = "chart-" + style;
      chart(style).write(dir, name);
      BufferedImage png = ImageIO.read(dir.resolve(name + ".png").toFile());
      assertEquals(1000, png.getWidth());
      assertEquals(560, png.getHeight());
      assertEquals(0xffffffff, png.getRGB(2, 2), "white background");
      Document svg = parse(dir.resolve(name + ".svg"));
      assertEquals("svg", svg.getDocumentElement().getTagName());
      assertEquals("1000", svg.getDocumentElement().getAttribute("width"));
      String text = svg.getDocumentElement().getTextContent();
      assertTrue(text.contains("A <title> & more"), "escaped text reads back: " + text);
      assertTrue(text.contains("plastic, task.snippets=1"), text);
      assertTrue(text.contains("chance (0.5)"), text);
    }
  }

  @Test
  void theSameCodeDrawsBothCanvases(@TempDir Path dir) throws Exception {
    // Text is drawn on the PNG: the title's row has dark pixels (fonts work headless).
    LineChart c = chart(LineChart.Intervals.BANDS);
    c.write(dir, "c");
    BufferedImage png = ImageIO.read(dir.resolve("c.png").toFile());
    int dark = 0;
    for (int x = 80; x < 400; x++) {
      for (int y = 14; y < 34; y++) {
        if ((png.getRGB(x, y) & 0xff) < 100) {
          dark++;
        }
      }
    }
    assertTrue(dark > 50, "the title is drawn: " + dark + " dark pixels");
    String svg = Files.readString(dir.resolve("c.svg"));
    assertTrue(svg.contains("<polygon"), "a band");
    assertTrue(svg.contains("clip-path"), "data clipped to the plot");
  }

  @Test
  void aHeatmapWritesBothFilesWithADivergingMap(@TempDir Path dir) throws Exception {
    double[] grid = {-1, 0, 1};
    double[][] v = {{-2, 0, 0}, {0, 0, 0}, {0, 0, 1}};
    Heatmap h = new Heatmap("rule", "sub", "pre", "post", "Δw[0]", grid, grid, v);
    assertEquals(2, h.limit(), 0);
    h.write(dir, "h");
    BufferedImage png = ImageIO.read(dir.resolve("h.png").toFile());
    assertEquals(680, png.getWidth());
    assertEquals(590, png.getHeight());
    Document svg = parse(dir.resolve("h.svg"));
    assertTrue(svg.getDocumentElement().getTextContent().contains("Δw[0]"));
  }

  @Test
  void divergingColoursAreWhiteAtZeroBlueBelowRedAbove() {
    Colour zero = Palette.diverging(0);
    assertEquals(Colour.hex("#f7f7f7"), zero);
    Colour lo = Palette.diverging(-1);
    Colour hi = Palette.diverging(1);
    assertTrue(lo.b() > lo.r(), lo.toString());
    assertTrue(hi.r() > hi.b(), hi.toString());
    assertEquals(hi, Palette.diverging(5), "clamped");
    assertNotEquals(Palette.diverging(0.5), Palette.diverging(-0.5));
  }

  @Test
  void svgEscapesMarkupAndDropsControlCharacters() {
    assertEquals("a &lt;b&gt; &amp; &quot;c&quot;", SvgCanvas.escape("a <b> & \"c\"\u0001"));
  }

  static Document parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(file.toFile());
  }
}
