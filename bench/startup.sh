#!/usr/bin/env bash
# Start-up benchmark: seconds from launching the JVM to readiness UP (routes started, ACS usable), for
#   1. the plain fat jar (java -jar),
#   2. the extracted jar with a class-data-sharing (CDS) archive (Java 17+),
#   3. the extracted jar with an ahead-of-time cache (JDK 25+, JEP 483/514/515), when such a JDK is found:
#      AOT_JAVA=/path/to/java, else the first /usr/lib/jvm/*25* (or later) JDK.
# Runs the default (sandbox) configuration on ports of its own.  Usage: bench/startup.sh [runs per variant, default 3]
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

start_service() { # java and its arguments; leaves the pid in $pid
  rm -rf "$work/data"
  "$@" "${args[@]}" >"$work/service.log" 2>&1 &
  pid=$!
}

wait_ready() {
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/actuator/health/readiness")" = 200 ]; do
    kill -0 $pid 2>/dev/null || { echo "the service died, see its log:" >&2; tail -20 "$work/service.log" >&2; exit 1; }
    sleep 0.05
  done
}

stop_service() { kill $pid && wait $pid 2>/dev/null || true; }

ready_after() { # prints the seconds until readiness answers 200
  local start end
  start=$(date +%s.%N)
  start_service "$@"
  wait_ready
  end=$(date +%s.%N)
  stop_service
  echo "$end - $start" | bc
}

# A training run writes the archive or cache when the JVM exits: start, wait until ready, process one example file
# (so the record path is in it too, and we know the service works on this JVM), then stop
train() {
  start_service "$@"
  wait_ready
  cp examples/profiles.csv "$work/data/inbox/"
  local waited=0
  until ls "$work/data/reports/profiles.csv.report.json" >/dev/null 2>&1; do
    sleep 0.2; waited=$((waited + 1))
    [ $waited -lt 600 ] || { echo "no report after 120 s, see its log:" >&2; tail -20 "$work/service.log" >&2; exit 1; }
  done
  stop_service
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "plain fat jar (java -jar $jar):"
plain=$(for i in $(seq "$runs"); do ready_after java -jar "$jar"; done | tee -a /dev/stderr | median)

# Spring Boot's recipe: extract the jar, let one training run write the archive, then start with the archive
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
app="$work/app/$(basename "$jar")"
train java -XX:ArchiveClassesAtExit="$work/app/app.jsa" -jar "$app"
echo "extracted jar with a CDS archive (java -XX:SharedArchiveFile=app/app.jsa -jar app/$(basename "$jar")):"
cds=$(for i in $(seq "$runs"); do ready_after java -XX:SharedArchiveFile="$work/app/app.jsa" -jar "$app"; done \
  | tee -a /dev/stderr | median)

aot_java=${AOT_JAVA:-$(ls -d /usr/lib/jvm/*-2[5-9]*/bin/java /usr/lib/jvm/*-[3-9][0-9]*/bin/java 2>/dev/null | head -1 || true)}
aot=""
if [ -n "$aot_java" ] && [ -x "$aot_java" ]; then
  train "$aot_java" -XX:AOTCacheOutput="$work/app/app.aot" -jar "$app"
  echo "extracted jar with an AOT cache ($aot_java -XX:AOTCache=app/app.aot -jar app/$(basename "$jar")):"
  aot=$(for i in $(seq "$runs"); do ready_after "$aot_java" -XX:AOTCache="$work/app/app.aot" -jar "$app"; done \
    | tee -a /dev/stderr | median)
fi

printf '\n%-45s %8s\n' "start-up to ready (median of $runs)" "seconds"
printf '%-45s %8.1f\n' "java -jar ($(java -version 2>&1 | head -1 | cut -d'"' -f2))" "$plain" \
  "extracted jar + CDS archive" "$cds"
[ -n "$aot" ] && printf '%-45s %8.1f\n' "extracted jar + AOT cache ($("$aot_java" -version 2>&1 | head -1 | cut -d'"' -f2))" "$aot"
printf '(%s cores, target < 10 s)\n' "$(nproc)"
