/**
 * The command line: {@code run} (validate a config, then run what is missing), {@code sql}
 * (read-only Spark SQL over the result tables) and {@code status}.
 */
package org.engram.driver.cli;
