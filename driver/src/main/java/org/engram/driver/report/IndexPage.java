package org.engram.driver.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code index.html}: the report's one page, built from sections of HTML. */
public final class IndexPage {
  private static final String STYLE =
      String.join(
          "\n",
          "body { font-family: 'DejaVu Sans', Verdana, Arial, sans-serif; max-width: 1040px;",
          "       margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }",
          "h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; }",
          "figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }",
          "figcaption { font-size: 0.92em; color: #444; margin-top: 0.4em; }",
          "table { border-collapse: collapse; font-size: 0.9em; }",
          "th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; }",
          "th { background: #f4f4f4; } .ci { color: #777; font-size: 0.9em; }",
          ".meta { color: #555; }");

  private final StringBuilder body = new StringBuilder();

  public IndexPage(String title) {
    body.append("<h1>").append(escape(title)).append("</h1>\n");
  }

  public IndexPage heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  /** A paragraph of text (escaped). */
  public IndexPage paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A paragraph of HTML, as it is. */
  public IndexPage html(String html) {
    body.append(html).append('\n');
    return this;
  }

  /** A figure's SVG with its caption, a line on its data, and links to its files. */
  public IndexPage figure(Figure f, List<String> files, String data) {
    body.append("<h2>")
        .append(escape(f.title()))
        .append("</h2>\n<figure>\n<img src=\"")
        .append(escape(f.name()))
        .append(".svg\" alt=\"")
        .append(escape(f.title()))
        .append("\">\n<figcaption>")
        .append(escape(f.caption()))
        .append(' ')
        .append(escape(data))
        .append(" Files: ")
        .append(links(files))
        .append(".</figcaption>\n</figure>\n");
    return this;
  }

  /** Links to files beside the page. */
  public static String links(List<String> files) {
    StringBuilder sb = new StringBuilder();
    for (String f : files) {
      sb.append(sb.length() == 0 ? "" : ", ")
          .append("<a href=\"")
          .append(escape(f))
          .append("\">")
          .append(escape(f))
          .append("</a>");
    }
    return sb.toString();
  }

  public void write(Path file, String title) {
    String html =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
            + escape(title)
            + "</title>\n<style>\n"
            + STYLE
            + "\n</style>\n</head>\n<body>\n"
            + body
            + "</body>\n</html>\n";
    try {
      Files.writeString(file, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static String escape(String s) {
    return SvgCanvas.escape(s);
  }
}
