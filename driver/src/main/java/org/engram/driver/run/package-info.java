/**
 * Spark orchestration of a run: a task per trial (or per run.trialsPerTask trials), cores per
 * trial, the executor side that runs a trial and commits its rows, checkpoints on the output's file
 * system, progress, and resume (run only the trials without a row).
 */
package org.engram.driver.run;
