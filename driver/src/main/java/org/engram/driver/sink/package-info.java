/**
 * The result tables ({@code trials}, {@code evals}, {@code curves}), their columns and Parquet
 * files, the atomic per-trial commit, the run manifests, and reading it all back with Spark SQL.
 * The only package that knows column names.
 */
package org.engram.driver.sink;
