#!/usr/bin/env bash
# Smoke run of every JMH benchmark in quick mode, after `mvn verify` has packaged
# benchmarks/target/benchmarks.jar: it builds nothing, and it fails only when a benchmark errors
# (JMH's -foe), never on a speed. The figures of BENCHMARKS.md come from the full mode instead.
#
# PostgreSQL: the server at APIKEYS_BENCH_POSTGRES_URL when set, else one embedded-postgres for the
# whole run; if that cannot start, the PostgreSQL benchmarks are skipped, saying so.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/bench-smoke
if [ ! -f "$JAR" ]; then
  echo "bench-smoke: $JAR is missing: run 'mvn verify' (or 'mvn -B -pl benchmarks -am package -DskipTests') first" >&2
  exit 1
fi
rm -rf "$OUT"
mkdir -p "$OUT"
start=$(date +%s)

pg_pid=
cleanup() {
  exec 3>&- 2>/dev/null || true # closing the pipe stops the embedded server
  if [ -n "$pg_pid" ]; then
    kill "$pg_pid" 2>/dev/null || true
    wait "$pg_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

databases="h2-mem,h2-file,postgresql"
pg_url=${APIKEYS_BENCH_POSTGRES_URL:-}
if [ -z "$pg_url" ]; then
  mkfifo "$OUT/postgres.stdin"
  java -cp "$JAR" dev.apikeys.benchmarks.EmbeddedPostgresServer "$OUT/postgres.url" <"$OUT/postgres.stdin" >"$OUT/postgres.log" 2>&1 &
  pg_pid=$!
  exec 3>"$OUT/postgres.stdin"
  for _ in $(seq 1 600); do
    [ -f "$OUT/postgres.url" ] && break
    kill -0 "$pg_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -f "$OUT/postgres.url" ]; then
    pg_url=$(cat "$OUT/postgres.url")
  else
    databases="h2-mem,h2-file"
    echo "bench-smoke: PostgreSQL benchmarks SKIPPED: embedded-postgres did not start (log: $OUT/postgres.log)"
  fi
fi

# One warm-up and one measured iteration of 200 ms per benchmark, all in this one JVM (-f 0): a
# fork per benchmark costs 2 to 4 s of JVM start-up here, 74 of them over 3 minutes. Full mode
# forks every benchmark (BENCHMARKS.md); BENCH_SMOKE_FORKS=1 makes this run fork too.
# jmh.ignoreLock: a smoke run measures nothing, so another JMH run on the machine is no reason to stop.
forks=${BENCH_SMOKE_FORKS:-0}
java "-Dapikeys.bench.postgres.url=$pg_url" -Djmh.ignoreLock=true -jar "$JAR" -f "$forks" -wi 1 -i 1 -w 200ms -r 200ms -foe true \
  -p database="$databases" -p count=200 \
  -jvmArgsAppend "-Dapikeys.bench.postgres.url=$pg_url" \
  -rf json -rff "$OUT/smoke.json" >"$OUT/jmh.log" 2>&1 || {
    status=$?
    tail -n 60 "$OUT/jmh.log"
    echo "bench-smoke: a benchmark FAILED (exit $status); the whole log is $OUT/jmh.log" >&2
    exit "$status"
  }
# The ratio report must find both sides of every pair.
java -cp "$JAR" dev.apikeys.benchmarks.Report table --require-pairs "$OUT/smoke.json" >"$OUT/ratios.md"
java -cp "$JAR" dev.apikeys.benchmarks.Footprint 10000 >"$OUT/footprint.txt"
java -cp "$JAR" dev.apikeys.benchmarks.CacheFootprint 2000 >"$OUT/cache-footprint.txt"

count=$(grep -c '"benchmark"' "$OUT/smoke.json")
echo "bench-smoke: $count benchmark runs passed in $(( $(date +%s) - start )) s (quick mode, no speed checked); results in $OUT"
