#!/usr/bin/env bash
# Builds the service and runs the benchmark (see README, "Performance").
# Options: --records=N, --warmup=N (records run before measuring, default 20000), --million, --service-arg=--name=value.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests package
java bench/Benchmark.java "$@"
