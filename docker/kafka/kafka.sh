#!/usr/bin/env bash
# A real Apache Kafka 3.9.1 broker (KRaft, single node, loopback only) for machines
# without Docker, built from Maven Central jars.
#
#   docker/kafka/kafka.sh start    fetch the jars on first use, format, start, wait until it serves
#   docker/kafka/kafka.sh stop     stop it cleanly (SIGTERM, then SIGKILL after 30 s)
#   docker/kafka/kafka.sh status
#
# KAFKA_PORT (19092) and KAFKA_CONTROLLER_PORT (port + 1) choose the ports, KAFKA_RUN_DIR
# (docker/kafka/run) where the pid file, the log (kafka.log) and the data live, so a test
# can run a broker of its own beside the shared one.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LIB="$HERE/lib"
PORT=${KAFKA_PORT:-19092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}
RUN=${KAFKA_RUN_DIR:-$HERE/run}
PID_FILE="$RUN/kafka.pid"
LOG_FILE="$RUN/kafka.log"
# A fixed cluster id (base64 of 16 bytes): the data directory belongs to this one cluster.
CLUSTER_ID=c3RvY2tncmFwaC1sb2NhbA

say() { printf 'kafka: %s\n' "$*"; }

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fetch_jars() {
  if [ ! -f "$LIB/kafka_2.13-3.9.1.jar" ]; then
    say "fetching Kafka 3.9.1 from Maven Central into $LIB (first run only)"
    mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies
  fi
}

write_config() {
  mkdir -p "$RUN/data"
  cat > "$RUN/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$RUN/data
num.partitions=6
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
PROPS
  cat > "$RUN/log4j.properties" <<PROPS
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.controller=WARN
PROPS
}

start() {
  if running; then say "already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"; return 0; fi
  if port_open "$PORT"; then
    # Started elsewhere (another checkout, an operator): use it rather than fail.
    say "something already serves 127.0.0.1:$PORT (not started from $RUN); using it"
    return 0
  fi
  fetch_jars
  write_config
  local java_opts=(-Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true "-Dlog4j.configuration=file:$RUN/log4j.properties")
  java "${java_opts[@]}" -cp "$LIB/*" kafka.tools.StorageTool format \
    -c "$RUN/server.properties" -t "$CLUSTER_ID" --ignore-formatted >>"$LOG_FILE" 2>&1
  nohup java "${java_opts[@]}" -cp "$LIB/*" kafka.Kafka "$RUN/server.properties" >>"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  local deadline=$((SECONDS + 90))
  # Serving means: the listener accepts connections and the server logged that it started.
  until port_open "$PORT" && grep -q "Kafka Server started" "$LOG_FILE"; do
    if ! running; then say "exited during start; last lines of $LOG_FILE:"; tail -n 30 "$LOG_FILE"; return 1; fi
    if ((SECONDS > deadline)); then say "not serving after 90 s; see $LOG_FILE"; return 1; fi
    sleep 0.2
  done
  say "serving on 127.0.0.1:$PORT (pid $(cat "$PID_FILE"), log $LOG_FILE)"
}

stop() {
  if ! running; then say "not running"; rm -f "$PID_FILE"; return 0; fi
  local pid
  pid=$(cat "$PID_FILE")
  kill -TERM "$pid"
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS > deadline)); then say "did not stop in 30 s; killing"; kill -KILL "$pid"; break; fi
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
