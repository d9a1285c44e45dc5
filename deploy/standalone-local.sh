#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1 from the Spark jars of the build (no Spark
# distribution needed; stack.md section 5): one master and two workers.
#
#   deploy/standalone-local.sh start     # master spark://127.0.0.1:7077, UI http://127.0.0.1:18080
#   bin/engram run conf/smoke.conf --master spark://127.0.0.1:7077 --output results/smoke
#   deploy/spark-submit.sh --master spark://127.0.0.1:7077 -- run conf/smoke.conf --output /tmp/s
#   deploy/standalone-local.sh stop
#
# Environment: WORKER_CORES (1 each), WORKER_MEMORY (3g each), ENGRAM_CLUSTER_DIR (state, logs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${ENGRAM_CLUSTER_DIR:-$ROOT/driver/target/standalone}"
HOME_DIR="$DIR/spark-home"
PORT=7077 UI=18080
CORES="${WORKER_CORES:-1}" MEMORY="${WORKER_MEMORY:-3g}"

make_home() {
  local cp_file="$ROOT/driver/target/classpath.txt"
  if [[ ! -f "$cp_file" ]]; then (cd "$ROOT" && mvn -q -B -DskipTests -Dspotless.check.skip=true package) >&2; fi
  rm -rf "$HOME_DIR"; mkdir -p "$HOME_DIR/jars" "$HOME_DIR/conf"
  tr ':' '\n' < "$cp_file" | while read -r jar; do
    [[ -f "$jar" ]] && ln -sf "$jar" "$HOME_DIR/jars/"
  done
  cp "$ROOT/driver/src/main/resources/log4j2.properties" "$HOME_DIR/conf/"
}

start() {
  mkdir -p "$DIR/logs"
  if [[ -f "$DIR/master.pid" ]] && kill -0 "$(cat "$DIR/master.pid")" 2>/dev/null; then
    echo "already running (master pid $(cat "$DIR/master.pid"))"; return 0
  fi
  make_home
  export SPARK_HOME="$HOME_DIR" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13 OMP_NUM_THREADS=1
  local cp="$HOME_DIR/conf:$HOME_DIR/jars/*"
  nohup java -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port $PORT --webui-port $UI > "$DIR/logs/master.log" 2>&1 &
  echo $! > "$DIR/master.pid"
  for i in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$UI/json/" > /dev/null 2>&1 && break; sleep 0.5
  done
  for w in 1 2; do
    mkdir -p "$DIR/work$w"
    nohup java -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "$CORES" --memory "$MEMORY" --webui-port $((UI + w)) \
      --work-dir "$DIR/work$w" "spark://127.0.0.1:$PORT" > "$DIR/logs/worker$w.log" 2>&1 &
    echo $! > "$DIR/worker$w.pid"
  done
  for i in $(seq 1 60); do
    local alive; alive="$(curl -sf "http://127.0.0.1:$UI/json/" | grep -o '"state" *: *"ALIVE"' | wc -l || true)"
    [[ "$alive" -ge 3 ]] && break; sleep 0.5   # the master's own state plus two workers
  done
  echo "master spark://127.0.0.1:$PORT (UI http://127.0.0.1:$UI), logs in $DIR/logs"
  echo "SPARK_HOME for spark-submit: $HOME_DIR"
}

stop() {
  for p in worker1 worker2 master; do
    if [[ -f "$DIR/$p.pid" ]]; then
      kill "$(cat "$DIR/$p.pid")" 2>/dev/null || true; rm -f "$DIR/$p.pid"
    fi
  done
  echo "stopped"
}

status() {
  curl -sf "http://127.0.0.1:$UI/json/" || { echo "not running"; return 1; }
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
