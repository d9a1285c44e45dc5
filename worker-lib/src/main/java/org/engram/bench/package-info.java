/**
 * Benchmarks that print numbers (never assertions): meta-updates per second, GFLOP/s counted as the
 * PyTorch reference counts them, CPU time and peak memory, on the reference's small, default and
 * large configs.
 */
package org.engram.bench;
