#!/usr/bin/env bash
# Load test of the example server from a second process on loopback (wrk), beside the baseline
# server (the same JDK HTTP server with no library behind it), for creates in JSON.
#
#   apt-get install -y wrk        # Debian's package
#   mvn -q -B package -DskipTests # the example server's and the benchmarks' jars
#   benchmarks/load/run-load.sh   # DURATION=20s CONNECTIONS="1 4 16 64" STORES="baseline memory h2-file"
#
# Prints one markdown row per store and concurrency: requests/s, p50, p99, non-2xx responses.
# Every request creates a key with a new name, so every answer should be 200.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-"1 4 16 64"}
STORES=${STORES:-"baseline memory h2-file"}
PORT=${PORT:-18080}
SERVER_JAR=example-server/target/apikeys-example-server.jar
BENCH_JAR=benchmarks/target/benchmarks.jar
SCRIPT=benchmarks/load/create.lua
export ADMIN_KEY=${ADMIN_KEY:-6a0d8c1e-52f4-4d9b-9c3e-0f1a2b3c4d5e}
export TENANT=demo

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
for jar in "$SERVER_JAR" "$BENCH_JAR"; do
  [ -f "$jar" ] || { echo "$jar is missing: mvn -q -B package -DskipTests" >&2; exit 2; }
done

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

wait_for_port() {
  for _ in $(seq 1 300); do
    if port_in_use; then return 0; fi
    sleep 0.1
  done
  echo "server did not listen on $PORT" >&2
  return 1
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

start_server() {
  if port_in_use; then
    echo "port $PORT is already in use: set PORT" >&2
    return 1
  fi
  # exec: $! is the server's own pid, so that stop_server stops the server, not a subshell
  (
    case "$1" in
      baseline) exec java -cp "$BENCH_JAR" dev.apikeys.benchmarks.LoadBaselineServer "$PORT" ;;
      memory) exec java -jar "$SERVER_JAR" --port "$PORT" --memory --admin-key "$ADMIN_KEY" --tenant "$TENANT" ;;
      h2-file) exec java -jar "$SERVER_JAR" --port "$PORT" --jdbc-url "jdbc:h2:file:$work/h2/keys" --admin-key "$ADMIN_KEY" --tenant "$TENANT" ;;
      *) echo "unknown store $1" >&2; exit 2 ;;
    esac
  ) >"$work/server-$1.log" 2>&1 &
  server_pid=$!
  wait_for_port
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the $1 server exited:" >&2
    cat "$work/server-$1.log" >&2
    return 1
  fi
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

# "Latency Distribution" lines of wrk --latency, e.g. "     50%    1.21ms", in milliseconds.
percentile() {
  awk -v p="$1%" '$1 == p {
    v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v);
    if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000; else if (unit == "m") v = v * 60000;
    printf "%.2f", v }' "$2"
}

echo "wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), $(nproc) cores, $(java -version 2>&1 | head -1), duration $DURATION per row"
echo
echo "| server | connections | requests/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|"
for store in $STORES; do
  start_server "$store"
  RUN="warm-$store" wrk -t 1 -c 4 -d "$WARMUP" -s "$SCRIPT" "http://127.0.0.1:$PORT/api/v1/apikeys" >/dev/null
  for c in $CONNECTIONS; do
    out="$work/wrk-$store-$c.txt"
    RUN="$store-$c-$RANDOM" wrk -t 1 -c "$c" -d "$DURATION" --latency -s "$SCRIPT" "http://127.0.0.1:$PORT/api/v1/apikeys" >"$out"
    rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")
    errors=$(awk '/Socket errors:/ {print $0}' "$out")
    echo "| $store | $c | $rps | $(percentile 50 "$out") | $(percentile 99 "$out") | ${non2xx:-0}${errors:+ ($errors)} |"
  done
  stop_server
done
