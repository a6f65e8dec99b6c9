#!/usr/bin/env bash
# Builds the service and runs the fairness benchmark: 20 files at once and a JMS record, at 300 requests/s (about 3 min).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests package
java bench/FairnessBench.java "$@"
