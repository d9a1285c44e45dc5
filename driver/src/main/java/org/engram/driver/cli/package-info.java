/**
 * The command line: {@code run} (validate a config, then run what is missing), {@code sql}
 * (read-only Spark SQL over the result tables), {@code status} and {@code report} (figures and
 * tables of a results directory, drawn by {@link org.engram.driver.report}).
 */
package org.engram.driver.cli;
