#!/usr/bin/env bash
# The long runs behind system properties: what the README's "long runs" command runs. Not part of CI:
# on a 2-core machine they take about half an hour together. Each prints its figures to the test
# output under <module>/target/surefire-reports/*-output.txt; this script greps them together.
#
#   .ci/long-runs.sh            all of them
#   .ci/long-runs.sh fuzz       one of: fuzz, load, timing
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_COUNT="${FUZZ_COUNT:-1000000}"   # inputs per format for each decoder; the endpoint fuzzers take a tenth each
LOAD_THREADS="${LOAD_THREADS:-16}"
LOAD_OPS="${LOAD_OPS:-1000}"          # operations per thread, per store and path
TIMING_ROUNDS="${TIMING_ROUNDS:-20000}"
what="${1:-all}"

if [ "$what" = all ] || [ "$what" = fuzz ]; then
  mvn -q -B -pl codecs -am verify -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='DecoderFuzzTest,EndpointFuzzTest' -Dapikeys.fuzz.count="$FUZZ_COUNT"
  grep -h 'inputs\|requests' codecs/target/surefire-reports/*Fuzz*-output.txt
fi
if [ "$what" = all ] || [ "$what" = load ]; then
  mvn -q -B -pl hardening -am verify -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='ConcurrentLoadTest' -Dapikeys.load.threads="$LOAD_THREADS" -Dapikeys.load.ops="$LOAD_OPS"
  grep -h '^load' hardening/target/surefire-reports/*ConcurrentLoadTest-output.txt
fi
if [ "$what" = all ] || [ "$what" = timing ]; then
  mvn -q -B -pl hardening -am verify -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='RefusalTimingMeasure' -Dapikeys.timing.rounds="$TIMING_ROUNDS"
  grep -h -A6 '^refusal time' hardening/target/surefire-reports/*RefusalTimingMeasure-output.txt
  mvn -q -B -pl benchmarks -am package -DskipTests
  java -jar benchmarks/target/benchmarks.jar Refusal -f 1 -wi 3 -i 5
fi
