/**
 * {@code engram report}: figures and tables of a results directory, written as PNG, SVG, CSV and
 * one {@code index.html}. {@link org.engram.driver.report.ReportData} reads the tables with Spark;
 * {@link org.engram.driver.report.Stats} holds the interval math; the charts ({@link
 * org.engram.driver.report.LineChart}, {@link org.engram.driver.report.Heatmap}) draw on a {@link
 * org.engram.driver.report.Canvas}, so one drawing code gives both the SVG ({@link
 * org.engram.driver.report.SvgCanvas}, XML written by hand) and the PNG ({@link
 * org.engram.driver.report.PngCanvas}, Java2D, headless). No plotting library: the JDK only.
 */
package org.engram.driver.report;
