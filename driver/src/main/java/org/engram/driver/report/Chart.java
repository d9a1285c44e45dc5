package org.engram.driver.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A figure of a fixed size in pixels that draws itself on any {@link Canvas}. */
public interface Chart {

  int width();

  int height();

  void draw(Canvas canvas);

  /** Writes {@code <name>.svg} and {@code <name>.png} into {@code dir}, drawn by the same code. */
  default void write(Path dir, String name) {
    SvgCanvas svg = new SvgCanvas(width(), height());
    draw(svg);
    try {
      Files.writeString(dir.resolve(name + ".svg"), svg.toSvg(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(name + ".svg"), e);
    }
    PngCanvas png;
    try {
      png = new PngCanvas(width(), height());
      draw(png);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Error | RuntimeException e) {
      // Without fonts Java2D fails deep inside the JDK: "No fonts found", or an NPE in fontconfig.
      throw new IllegalStateException(
          "cannot draw "
              + name
              + ".png (Java2D, headless): text needs fontconfig and a font, e.g. Debian's"
              + " fontconfig and fonts-dejavu-core ("
              + e
              + ")",
          e);
    }
    png.write(dir.resolve(name + ".png"));
  }
}
