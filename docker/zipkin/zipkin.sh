#!/usr/bin/env bash
# A real Zipkin server (io.zipkin:zipkin-server:3.5.1, the exec jar, in-memory storage,
# loopback only) for machines without Docker, fetched from Maven Central on first use.
#
#   docker/zipkin/zipkin.sh start    fetch the jar on first use, start, wait until it serves
#   docker/zipkin/zipkin.sh stop     stop it (SIGTERM, then SIGKILL after 20 s)
#   docker/zipkin/zipkin.sh status
#
# Services send their spans to it when ZIPKIN_URL=http://127.0.0.1:9411 is set; the UI is at
# http://127.0.0.1:9411/zipkin/. ZIPKIN_PORT (9411) and ZIPKIN_RUN_DIR (docker/zipkin/run)
# choose the port and where the pid file and the log live.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VERSION=3.5.1
JAR="$HERE/lib/zipkin-server-$VERSION-exec.jar"
PORT=${ZIPKIN_PORT:-9411}
RUN=${ZIPKIN_RUN_DIR:-$HERE/run}
PID_FILE="$RUN/zipkin.pid"
LOG_FILE="$RUN/zipkin.log"

say() { printf 'zipkin: %s\n' "$*"; }

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

serving() { curl -fsS "http://127.0.0.1:$PORT/health" 2>/dev/null | grep -q '"UP"'; }

fetch_jar() {
  if [ ! -f "$JAR" ]; then
    say "fetching zipkin-server $VERSION from Maven Central into $HERE/lib (first run only)"
    mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="io.zipkin:zipkin-server:$VERSION:jar:exec" -DoutputDirectory="$HERE/lib"
  fi
}

start() {
  if running; then say "already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"; return 0; fi
  if serving; then say "something already serves 127.0.0.1:$PORT (not started from $RUN); using it"; return 0; fi
  fetch_jar
  mkdir -p "$RUN"
  # In memory and bounded: a development collector, not a store (compose and Kubernetes use a real one).
  STORAGE_TYPE=mem MEM_MAX_SPANS=200000 QUERY_PORT="$PORT" \
    nohup java -Xms128m -Xmx512m "-Darmeria.ports[0].ip=127.0.0.1" "-Darmeria.ports[0].port=$PORT" "-Darmeria.ports[0].protocols=http" -jar "$JAR" >>"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  local deadline=$((SECONDS + 90))
  until serving; do
    if ! running; then say "exited during start; last lines of $LOG_FILE:"; tail -n 30 "$LOG_FILE"; return 1; fi
    if ((SECONDS > deadline)); then say "not serving after 90 s; see $LOG_FILE"; return 1; fi
    sleep 0.5
  done
  say "serving on http://127.0.0.1:$PORT/zipkin/ (pid $(cat "$PID_FILE"), log $LOG_FILE); set ZIPKIN_URL=http://127.0.0.1:$PORT"
}

stop() {
  if ! running; then say "not running"; rm -f "$PID_FILE"; return 0; fi
  local pid
  pid=$(cat "$PID_FILE")
  kill -TERM "$pid"
  local deadline=$((SECONDS + 20))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS > deadline)); then say "did not stop in 20 s; killing"; kill -KILL "$pid"; break; fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
  say "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then say "running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"; else say "not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
