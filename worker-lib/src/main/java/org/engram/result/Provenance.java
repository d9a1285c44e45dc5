package org.engram.result;

/**
 * What produced a result, so that a row says how to reproduce it. Determinism is claimed only for
 * the same backend, BLAS thread count and platform.
 *
 * @param codeVersion the version of the code that changes results (part of the trial id)
 * @param gitCommit the commit the code was built from, or {@code unknown}
 * @param javaVersion {@code java.version} of the JVM that ran the trial
 * @param nd4jBackend ND4J's backend and its BLAS, and the float32 synapse kernel, e.g. {@code
 *     CpuBackend/OPENBLAS, kernel vector512}
 * @param blasThreads BLAS/OpenMP threads the trial ran with
 * @param host the host name of the JVM that ran the trial
 * @param wallSeconds the trial's wall-clock time, in seconds
 */
public record Provenance(
    String codeVersion,
    String gitCommit,
    String javaVersion,
    String nd4jBackend,
    int blasThreads,
    String host,
    double wallSeconds) {}
