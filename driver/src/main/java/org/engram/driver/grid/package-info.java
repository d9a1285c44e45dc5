/**
 * Expansion of a grid into trials: the settable values of a spec ({@link
 * org.engram.driver.grid.SpecFields}), axes, the cartesian product in a fixed, documented order,
 * and each trial's content id (a hash of its canonical JSON and the code version). No Spark, no
 * config library: it takes typed values and gives specs.
 */
package org.engram.driver.grid;
