#!/usr/bin/env bash
# Start-up benchmark: seconds from launching the JVM to readiness UP (routes started, ACS usable), for the plain
# fat jar and for the extracted jar with a class-data-sharing (CDS) archive. Runs the default (sandbox)
# configuration on ports of its own. Usage: bench/startup.sh [runs per variant, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
mvn -q -DskipTests package
jar=$(ls target/acs-orgunit-sync-*.jar | grep -v original | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=18080
args=(--server.port=$port --acs.sandbox.port=18089 --sync.jms.embedded-broker-url=tcp://127.0.0.1:18616
      --sync.data-dir="$work/data")

ready_after() { # prints the seconds until readiness answers 200
  local start end pid
  rm -rf "$work/data"
  start=$(date +%s.%N)
  java "$@" "${args[@]}" >"$work/service.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/actuator/health/readiness")" = 200 ]; do
    kill -0 $pid 2>/dev/null || { echo "the service died, see its log:" >&2; tail -20 "$work/service.log" >&2; exit 1; }
    sleep 0.1
  done
  end=$(date +%s.%N)
  kill $pid && wait $pid 2>/dev/null || true
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "plain fat jar (java -jar $jar):"
plain=$(for i in $(seq "$runs"); do ready_after -jar "$jar"; done | tee /dev/stderr | median)

# Spring Boot's recipe: extract the jar, let one training run write the archive (it stops after the context
# refresh), then start with the archive
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
app="$work/app/$(basename "$jar")"
(cd "$work" && java -XX:ArchiveClassesAtExit="$work/app/app.jsa" -Dspring.context.exit=onRefresh -jar "$app" \
  "${args[@]}" >"$work/training.log" 2>&1) || true
echo "extracted jar with a CDS archive (java -XX:SharedArchiveFile=app.jsa -jar app/$(basename "$jar")):"
cds=$(for i in $(seq "$runs"); do ready_after -XX:SharedArchiveFile="$work/app/app.jsa" -jar "$app"; done | tee /dev/stderr | median)

printf '\n%-40s %8s\n' "start-up to ready (median of $runs)" "seconds"
printf '%-40s %8.1f\n' "java -jar" "$plain" "extracted jar + CDS archive" "$cds"
printf '(%s cores, target < 10 s)\n' "$(nproc)"
