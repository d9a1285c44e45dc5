#!/usr/bin/env bash
# Runs Engram on a Spark cluster (standalone, YARN or Kubernetes) with the application jar:
#
#   deploy/spark-submit.sh --master spark://host:7077 [spark-submit options] -- run conf/x.conf \
#       --output hdfs:///engram/x [--retry-failed]
#
# Everything before "--" goes to spark-submit, everything after it to the driver (bin/engram's
# subcommands). The conf file is read by the driver, so it must be readable where the driver runs
# (client mode: here; cluster mode: ship it with --files and name it by its base name). The output
# must be a location every executor can write (HDFS, S3A, a shared disk); see deploy/README.md.
#
# Builds driver/target/engram-driver-*-app.jar (mvn -Papp -DskipTests package) if it is missing.
# Uses $SPARK_HOME/bin/spark-submit if there is one; otherwise SparkSubmit from the jars in
# $SPARK_HOME/jars (a "fake" SPARK_HOME, as deploy/standalone-local.sh makes).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP="$(ls "$ROOT"/driver/target/engram-driver-*-app.jar 2>/dev/null | head -1 || true)"
if [[ -z "$APP" ]]; then
  echo "spark-submit.sh: building the application jar (mvn -Papp -DskipTests package) ..." >&2
  (cd "$ROOT" && mvn -q -B -Papp -DskipTests -Dspotless.check.skip=true package) >&2
  APP="$(ls "$ROOT"/driver/target/engram-driver-*-app.jar | head -1)"
fi

SUBMIT_ARGS=()
while [[ $# -gt 0 && "$1" != "--" ]]; do SUBMIT_ARGS+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && shift
[[ $# -gt 0 ]] || { echo "usage: $0 [spark-submit options] -- run CONF [driver options]" >&2; exit 2; }

# One core per trial by default; run.coresPerTrial in the conf sets spark.task.cpus and
# OMP_NUM_THREADS of executors itself. Unset, OpenMP would take every core of each executor.
# The Vector API module gives the driver (local mode runs trials there) the fast synapse kernel;
# the driver adds it to spark.executor.extraJavaOptions itself (driver/run/ExecutorJvm), with
# JavaCPP's physical-memory check off, which otherwise reads the resident size at every ND4J
# buffer (trials 20-30% slower); the driver gets the same here.
# The compile commands inline the vector kernels' small functions (VectorSupport.INLINING; without
# them their vectors are boxed and a window takes a third longer); executors get them from the
# driver as well, and so does C2's loop unrolling (VectorSupport.UNROLLING: a one-thread default
# meta-update about 10% faster).
# Survivor spaces of a quarter of eden, as bin/engram and the executors get them: a meta-update's
# arrays then die young instead of overflowing into the old generation, which made G1 grow the heap.
# And, as bin/engram's, a heap grown only while collections take over 20% of the time
# (GCTimeRatio=4): in a meta-update's first seconds G1 otherwise grew it to 0.8 GB for a live set of
# 0.15 GB and kept it (README, Performance log, "Zen 5 VM"). Executors keep G1's default.
DRIVER_OPTIONS="-Dorg.bytedeco.javacpp.maxphysicalbytes=0 -XX:SurvivorRatio=4 -XX:GCTimeRatio=4"
VECTOR_OPTIONS="--add-modules jdk.incubator.vector -XX:CompileCommand=quiet -XX:CompileCommand=inline,org.engram.model.VectorMath::* -XX:LoopUnrollLimit=240 -XX:LoopMaxUnroll=32"
COMMON=(--class org.engram.driver.cli.Main
  --driver-java-options "$VECTOR_OPTIONS $DRIVER_OPTIONS"
  --conf spark.executorEnv.OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
  --conf spark.executorEnv.OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
  --conf spark.ui.showConsoleProgress=false)

if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  exec "$SPARK_HOME/bin/spark-submit" "${COMMON[@]}" "${SUBMIT_ARGS[@]}" "$APP" "$@"
fi
: "${SPARK_HOME:?set SPARK_HOME to a Spark 4.2 distribution (or a fake one: deploy/standalone-local.sh)}"
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.13}" SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# SparkSubmit in this JVM: --driver-* options are ignored (stack.md section 5); use ENGRAM_DRIVER_MEMORY.
# shellcheck disable=SC2086 # VECTOR_OPTIONS is several options; set -f keeps its * from globbing
set -f
exec java -Xmx"${ENGRAM_DRIVER_MEMORY:-4g}" $VECTOR_OPTIONS $DRIVER_OPTIONS -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" \
  org.apache.spark.deploy.SparkSubmit "${COMMON[@]}" "${SUBMIT_ARGS[@]}" "$APP" "$@"
