/**
 * Spark orchestration of a run: one task per trial, cores per trial, the executor side that runs a
 * trial and commits its rows, checkpoints on the output's file system, progress, and resume (run
 * only the trials without a row).
 */
package org.engram.driver.run;
