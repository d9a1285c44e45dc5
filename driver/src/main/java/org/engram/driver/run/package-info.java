/**
 * Spark orchestration of a run: a worker task per slot leasing trials from a queue on the driver
 * ({@link org.engram.driver.run.QueuedRun}, the default) or a task per run.trialsPerTask trials,
 * cores per trial, the executor side that runs a trial and commits its rows, checkpoints on the
 * output's file system, progress, and resume (run only the trials without a row).
 */
package org.engram.driver.run;
