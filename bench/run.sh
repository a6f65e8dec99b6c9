#!/usr/bin/env bash
# Builds the service and runs the benchmark (see README, "Performance"). Options: --records=N, --million.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests package
java bench/Benchmark.java "$@"
