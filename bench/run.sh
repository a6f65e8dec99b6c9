#!/usr/bin/env bash
# Builds the service and runs the benchmark (see README, "Performance").
# Options: --records=N, --warmup=N (records run before measuring, default 20000), --million, --service-arg=--name=value,
# --only=<scenario name prefix> (that scenario alone, e.g. "--only=pkey, no latency").
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests package
java bench/Benchmark.java "$@"
